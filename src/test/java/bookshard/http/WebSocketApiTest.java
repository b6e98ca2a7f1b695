package bookshard.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.node.BookshardNode;
import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.TestNodes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The WebSocket API against a real node (H2 journal), with the JDK's WebSocket client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private BookshardNode node;
  private Api rest;
  private com.typesafe.config.Config journal;

  @BeforeAll
  void start() throws Exception {
    journal = Backend.H2.freshJournal(Files.createTempDirectory("ws"));
    // Snapshots every 4 events: streams then start from snapshots, and a resume to a position
    // before the latest snapshot must replay from the journal's start instead.
    node = TestNodes.start(journal, "bookshard.feed.keep-alive = 1s\n"
        + "bookshard.book.snapshot-every = 4\nbookshard.book.snapshot-max-events = 4\n");
    rest = new Api(node.baseUrl());
  }

  @AfterAll
  void stop() throws Exception {
    node.close();
  }

  /** A connected client: every message it receives, parsed, in order. */
  private final class Client implements WebSocket.Listener {
    final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    final WebSocket ws;

    Client() throws Exception {
      ws = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create(node.baseUrl().replace("http://", "ws://") + "/ws"), this).get(10, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          received.add(JSON.readTree(partial.toString()));
        } catch (Exception e) {
          throw new AssertionError("not JSON: " + partial, e);
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    void send(String json) throws Exception {
      ws.sendText(json, true).get(5, TimeUnit.SECONDS);
    }

    /** Received but not yet asked for, in order: a message skipped by one call is there for the next. */
    private final java.util.ArrayDeque<JsonNode> pending = new java.util.ArrayDeque<>();

    /** The first message, in arrival order, that matches and was not taken yet; fails after 10 s. */
    JsonNode next(Predicate<JsonNode> wanted) throws InterruptedException {
      for (var it = pending.iterator(); it.hasNext(); ) {
        JsonNode m = it.next();
        if (wanted.test(m)) {
          it.remove();
          return m;
        }
      }
      long until = System.currentTimeMillis() + 10_000;
      while (true) {
        JsonNode m = received.poll(Math.max(1, until - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        assertNotNull(m, "no matching message within 10 s");
        if (wanted.test(m)) {
          return m;
        }
        pending.add(m);
      }
    }

    JsonNode reply(String requestId) throws InterruptedException {
      return next(m -> requestId.equals(m.path("requestId").asText()));
    }
  }

  /** The README's checksum, computed as a client would: CRC32 of the best 10 levels per side. */
  private static long checksum(Map<String, Long> local) {
    StringBuilder bids = new StringBuilder();
    StringBuilder asks = new StringBuilder();
    java.util.List<long[]> b = new java.util.ArrayList<>();
    java.util.List<long[]> a = new java.util.ArrayList<>();
    local.forEach((k, q) -> (k.startsWith("BUY") ? b : a).add(new long[] {Long.parseLong(k.substring(k.indexOf(':') + 1)), q}));
    b.sort((x, y) -> Long.compare(y[0], x[0]));
    a.sort((x, y) -> Long.compare(x[0], y[0]));
    for (int i = 0; i < Math.min(10, b.size()); i++) {
      bids.append(i > 0 ? "," : "").append(b.get(i)[0]).append(':').append(b.get(i)[1]);
    }
    for (int i = 0; i < Math.min(10, a.size()); i++) {
      asks.append(i > 0 ? "," : "").append(a.get(i)[0]).append(':').append(a.get(i)[1]);
    }
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update((bids + "|" + asks).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return crc.getValue();
  }

  private boolean rests(String symbol, long orderId) {
    Api.Reply r = rest.get("/books/" + symbol + "/orders/" + orderId);
    return r.status() == 200 && r.body().get("status").asText().contains("RESTING");
  }

  private static Predicate<JsonNode> type(String t) {
    return m -> t.equals(m.path("type").asText());
  }

  @Test
  void ordersOverTheSocketTradesAndADepthBookKeptFromDeltasMatchesRest() throws Exception {
    Client c = new Client();
    c.send("{\"op\":\"subscribe\",\"channel\":\"depth\",\"symbol\":\"WS-1\",\"requestId\":\"s1\"}");
    assertEquals("subscribed", c.reply("s1").get("type").asText());
    c.send("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"WS-1\",\"requestId\":\"s2\"}");
    assertEquals("subscribed", c.reply("s2").get("type").asText());
    JsonNode snapshot = c.next(m -> "depth".equals(m.path("type").asText()) && "snapshot".equals(m.path("kind").asText()));
    Map<String, Long> local = new TreeMap<>();
    long position = snapshot.get("sequenceNr").asLong();

    for (int i = 0; i < 5; i++) {
      c.send("{\"op\":\"place\",\"requestId\":\"p" + i + "\",\"symbol\":\"WS-1\",\"order\":{\"account\":\"mm\",\"side\":\"SELL\","
          + "\"priceTicks\":" + (100 + i) + ",\"quantityLots\":5}}");
      JsonNode r = c.reply("p" + i);
      assertEquals("reply", r.get("type").asText(), r.toString());
      assertEquals(201, r.get("status").asInt());
      assertEquals("RESTING", r.get("body").get("status").asText());
    }
    assertEquals(201, rest.place("WS-1", "taker", "BUY", 101, 7).status());
    JsonNode t1 = c.next(type("trade"));
    assertEquals(1, t1.get("matchId").asLong());
    assertEquals(100, t1.get("priceTicks").asLong());
    JsonNode t2 = c.next(type("trade"));
    assertEquals(2, t2.get("matchId").asLong());
    assertEquals(2, t2.get("quantityLots").asLong());
    c.send("{\"op\":\"amend\",\"requestId\":\"a1\",\"symbol\":\"WS-1\",\"orderId\":\"4\",\"amend\":{\"account\":\"mm\",\"quantityLots\":1}}");
    assertEquals(1, c.reply("a1").get("body").get("remainingLots").asLong());
    c.send("{\"op\":\"cancel\",\"requestId\":\"c1\",\"symbol\":\"WS-1\",\"orderId\":\"5\",\"account\":\"mm\"}");
    assertEquals("CANCELLED", c.reply("c1").get("body").get("status").asText());

    // The local book from the snapshot and every update equals REST's at the same position (the
    // last event, a cancel, changed a level, so an update carries that position). Events that
    // change no level (an order accepted before it rests) send no update.
    JsonNode book = rest.get("/books/WS-1?depth=50").body();
    long target = book.get("sequenceNr").asLong();
    assertEquals(15, target, "5 x (accepted, rested), accepted + 2 trades, reduced, cancelled");
    assertEquals(checksum(local), snapshot.get("checksum").asLong());
    while (position < target) {
      JsonNode u = c.next(m -> "depth".equals(m.path("type").asText()));
      assertTrue(u.get("sequenceNr").asLong() > position, "positions only increase");
      position = u.get("sequenceNr").asLong();
      for (JsonNode ch : u.get("changes")) {
        String key = ch.get("side").asText() + ":" + ch.get("priceTicks").asLong();
        if (ch.get("quantityLots").asLong() == 0) {
          local.remove(key);
        } else {
          local.put(key, ch.get("quantityLots").asLong());
        }
      }
      assertEquals(checksum(local), u.get("checksum").asLong(), "the local book's checksum at position " + position);
    }
    Map<String, Long> expected = new TreeMap<>();
    for (String side : new String[] {"bids", "asks"}) {
      for (JsonNode l : book.get(side)) {
        expected.put((side.equals("bids") ? "BUY" : "SELL") + ":" + l.get("priceTicks").asLong(), l.get("quantityLots").asLong());
      }
    }
    assertEquals(expected, local);
    assertEquals(Map.of("SELL:101", 3L, "SELL:102", 5L, "SELL:103", 1L), local);

    c.send("{\"op\":\"cancelAll\",\"requestId\":\"x\",\"symbol\":\"WS-1\",\"account\":\"mm\"}");
    JsonNode all = c.reply("x");
    assertEquals(3, all.get("body").get("cancelled").asInt(), all.toString());
    c.send("{\"op\":\"unsubscribe\",\"channel\":\"trades\",\"symbol\":\"WS-1\",\"requestId\":\"u\"}");
    assertEquals("unsubscribed", c.reply("u").get("type").asText());
    JsonNode beat = c.next(m -> "heartbeat".equals(m.path("type").asText()) && !m.has("channel"));
    assertTrue(beat.get("timeMillis").asLong() > 0, "a quiet connection gets heartbeats");
    // A quiet channel's heartbeat carries the position of the last message it sent (the updates
    // above reached `target`; an earlier heartbeat may still carry an older one).
    JsonNode depthBeat = c.next(m -> "heartbeat".equals(m.path("type").asText()) && "depth".equals(m.path("channel").asText())
        && m.get("sequenceNr").asLong() >= target);
    assertEquals("WS-1", depthBeat.get("symbol").asText());
    c.ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
  }

  @Test
  void cancelOnDisconnectKeepsOrdersWhileConnectedAndCancelsThemInEveryBookWhenTheConnectionEnds() throws Exception {
    Client c = new Client();
    c.send("{\"op\":\"cancelOnDisconnect\",\"account\":\"cod\",\"requestId\":\"d\"}");
    JsonNode on = c.reply("d");
    assertEquals("cancelOnDisconnect", on.get("type").asText(), on.toString());
    long btc = rest.place("BTC-USD", "cod", "BUY", 100, 1).body().get("orderId").asLong();
    long eth = rest.place("ETH-USD", "cod", "SELL", 900_000, 1).body().get("orderId").asLong();
    long other = rest.place("BTC-USD", "someone-else", "BUY", 99, 1).body().get("orderId").asLong();
    // Connected for longer than the switch's timeout: the session keeps re-arming it.
    Thread.sleep(WebSocketSession.COD_TIMEOUT.toMillis() + 1500);
    assertTrue(rests("BTC-USD", btc) && rests("ETH-USD", eth));
    c.ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    // At once, not when the last re-armed deadline (3 s) runs out.
    long until = System.currentTimeMillis() + WebSocketSession.COD_TIMEOUT.toMillis() - 500;
    while (rests("BTC-USD", btc) || rests("ETH-USD", eth)) {
      assertTrue(System.currentTimeMillis() < until, "orders still rest 2.5 s after the disconnect");
      Thread.sleep(50);
    }
    assertTrue(rests("BTC-USD", other), "another account's order stays");
    assertEquals("CANCELLED", rest.get("/books/BTC-USD/orders/" + btc).body().get("status").asText());
    rest.delete("/books/BTC-USD/orders/" + other + "?account=someone-else");
  }

  /** Messages of the orders channel up to and including the one at {@code position}. */
  private static java.util.List<JsonNode> ordersUpTo(Client c, long position) throws InterruptedException {
    java.util.List<JsonNode> got = new java.util.ArrayList<>();
    while (got.isEmpty() || got.get(got.size() - 1).get("position").asLong() < position) {
      got.add(c.next(type("orders")));
    }
    return got;
  }

  @Test
  void theOrdersChannelResumesAfterAReconnectWithNoGapAndNoRepeat() throws Exception {
    String s = "WS-PRIV";
    rest.place(s, "alice", "SELL", 100, 5);                 // 1 accepted, 2 rested
    rest.place(s, "bob", "BUY", 100, 2);                    // 3 accepted, 4 trade (alice maker)
    Client first = new Client();
    first.send("{\"op\":\"subscribe\",\"channel\":\"orders\",\"symbol\":\"" + s
        + "\",\"account\":\"alice\",\"afterPosition\":0,\"requestId\":\"o1\"}");
    assertEquals("subscribed", first.reply("o1").get("type").asText());
    rest.place(s, "carol", "BUY", 100, 1);                  // 5 accepted, 6 trade (alice maker)
    long aliceBuy = rest.place(s, "alice", "BUY", 90, 3).body().get("orderId").asLong(); // 7 accepted, 8 rested
    java.util.List<JsonNode> seen = new java.util.ArrayList<>(ordersUpTo(first, 8));
    assertEquals("start", seen.get(0).get("event").asText());
    assertEquals(0, seen.get(0).get("position").asLong());
    first.ws.abort();

    // While disconnected: alice's buy fills as maker, her sell is reduced, then cancelled.
    rest.place(s, "dave", "SELL", 90, 3);                   // 9 accepted, 10 trade
    rest.post("/books/" + s + "/orders/1/amend", "{\"account\":\"alice\",\"quantityLots\":1}"); // 11 reduced
    rest.delete("/books/" + s + "/orders/1?account=alice"); // 12 cancelled
    Client second = new Client();
    second.send("{\"op\":\"subscribe\",\"channel\":\"orders\",\"symbol\":\"" + s
        + "\",\"account\":\"alice\",\"afterPosition\":8,\"requestId\":\"o2\"}");
    java.util.List<JsonNode> resumed = ordersUpTo(second, 12);
    assertEquals("start", resumed.get(0).get("event").asText());
    assertEquals(8, resumed.get(0).get("position").asLong());
    seen.addAll(resumed.subList(1, resumed.size()));

    java.util.List<String> events = seen.stream().skip(1)
        .map(m -> m.get("position").asLong() + ":" + m.get("event").asText()).toList();
    assertEquals(java.util.List.of("1:accepted", "2:rested", "4:execution", "6:execution", "7:accepted", "8:rested",
        "10:execution", "11:reduced", "12:cancelled"), events, "no gap, no repeat, only alice's");
    JsonNode fill = seen.stream().filter(m -> m.get("position").asLong() == 10).findFirst().orElseThrow();
    assertEquals("MAKER", fill.get("liquidity").asText());
    assertEquals("BUY", fill.get("side").asText());
    assertEquals(aliceBuy, fill.get("orderId").asLong());
    assertEquals(3, fill.get("quantityLots").asLong());
    // Exactly the journal's executions for alice.
    java.util.List<Long> journalled = bookshard.support.JournalRows.events(journal, s).stream()
        .filter(e -> e instanceof bookshard.book.BookEvent.TradeExecuted t
            && (t.makerAccount().equals("alice") || t.takerAccount().equals("alice")))
        .map(e -> ((bookshard.book.BookEvent.TradeExecuted) e).matchId()).toList();
    assertEquals(journalled, seen.stream().filter(m -> "execution".equals(m.path("event").asText()))
        .map(m -> m.get("matchId").asLong()).toList());
    second.ws.abort();
    // Without afterPosition: from now on, starting after the book's current position.
    Client third = new Client();
    third.send("{\"op\":\"subscribe\",\"channel\":\"orders\",\"symbol\":\"" + s + "\",\"account\":\"alice\"}");
    JsonNode start = third.next(type("orders"));
    assertEquals(12, start.get("position").asLong(), start.toString());
    rest.place(s, "alice", "SELL", 120, 1);                 // 13 accepted, 14 rested
    assertEquals("13:accepted", ordersUpTo(third, 13).stream()
        .map(m -> m.get("position").asLong() + ":" + m.get("event").asText()).findFirst().orElseThrow());
    third.ws.abort();
  }

  /** Subscriptions that send only their own heartbeats do not keep the connection's heartbeat away. */
  @Test
  void aConnectionWhoseSubscriptionsAreQuietStillGetsItsOwnHeartbeat() throws Exception {
    Client c = new Client();
    for (String channel : new String[] {"trades", "bbo"}) {
      c.send("{\"op\":\"subscribe\",\"channel\":\"" + channel + "\",\"symbol\":\"WS-QUIET\",\"requestId\":\""
          + channel + "\"}");
      assertEquals("subscribed", c.reply(channel).get("type").asText());
    }
    // keep-alive is 1 s here: each quiet channel beats every second, and so must the connection.
    for (int i = 0; i < 2; i++) {
      JsonNode beat = c.next(m -> "heartbeat".equals(m.path("type").asText()) && !m.has("channel"));
      assertTrue(beat.get("timeMillis").asLong() > 0, beat.toString());
    }
    c.ws.abort();
  }

  @Test
  void stopOrdersOverTheSocketShowOnThePrivateChannelAndBboAndHeartbeatsFollowTheBook() throws Exception {
    String s = "WS-STOP";
    Client c = new Client();
    c.send("{\"op\":\"instruments\",\"requestId\":\"i\"}");
    assertTrue(c.reply("i").get("instruments").isArray());
    rest.place(s, "m", "SELL", 100, 1);
    rest.place(s, "t", "BUY", 100, 1);                      // positions 1-4: last trade 100
    c.send("{\"op\":\"subscribe\",\"channel\":\"bbo\",\"symbol\":\"" + s + "\",\"requestId\":\"b\"}");
    assertEquals("subscribed", c.reply("b").get("type").asText());
    JsonNode bbo = c.next(type("bbo"));
    assertTrue(bbo.get("bidPriceTicks").isNull() && bbo.get("askPriceTicks").isNull(), bbo.toString());
    c.send("{\"op\":\"subscribe\",\"channel\":\"orders\",\"symbol\":\"" + s
        + "\",\"account\":\"alice\",\"afterPosition\":4,\"requestId\":\"o\"}");
    c.reply("o");
    c.send("{\"op\":\"place\",\"symbol\":\"" + s + "\",\"requestId\":\"p\",\"order\":{\"account\":\"alice\","
        + "\"clientOrderId\":\"st-1\",\"side\":\"BUY\",\"type\":\"STOP\",\"stopPriceTicks\":105,\"quantityLots\":2}}");
    JsonNode placed = c.reply("p");
    assertEquals("STOP_WAITING", placed.get("body").get("status").asText(), placed.toString());
    long stopId = placed.get("body").get("orderId").asLong();
    c.send("{\"op\":\"place\",\"symbol\":\"" + s + "\",\"requestId\":\"p2\",\"order\":{\"account\":\"alice\","
        + "\"side\":\"BUY\",\"type\":\"STOP\",\"stopPriceTicks\":99,\"quantityLots\":2}}");
    assertEquals("WOULD_TRIGGER_IMMEDIATELY", c.reply("p2").get("error").asText());
    rest.place(s, "m", "SELL", 104, 1);                     // bbo: ask 104
    assertEquals(104, c.next(type("bbo")).get("askPriceTicks").asLong());
    rest.place(s, "m", "SELL", 106, 5);
    rest.place(s, "x", "BUY", 104, 1);                      // trade at 104: not yet
    assertEquals("STOP_WAITING", rest.get("/books/" + s + "/orders/" + stopId).body().get("status").asText());
    rest.place(s, "m", "SELL", 105, 1);
    rest.place(s, "x", "BUY", 105, 1);                      // trade at 105: triggers, buys 2 at 106
    JsonNode triggered = c.next(m -> "stopTriggered".equals(m.path("event").asText()));
    assertEquals(stopId, triggered.get("orderId").asLong());
    assertEquals(105, triggered.get("lastPriceTicks").asLong());
    JsonNode fill = c.next(m -> "execution".equals(m.path("event").asText()));
    assertEquals(List.of(stopId, 106L, 2L), List.of(fill.get("orderId").asLong(), fill.get("priceTicks").asLong(),
        fill.get("quantityLots").asLong()));
    assertEquals("TAKER", fill.get("liquidity").asText());
    JsonNode events = rest.get("/books/" + s + "/accounts/alice/events?afterPosition=4").body();
    assertTrue(events.toString().contains("stopWaiting") && events.toString().contains("stopTriggered"), events.toString());
    // Cancel by clientOrderId over the socket, and a heartbeat carrying the channel's last position.
    c.send("{\"op\":\"place\",\"symbol\":\"" + s + "\",\"requestId\":\"p3\",\"order\":{\"account\":\"alice\","
        + "\"clientOrderId\":\"gtd-1\",\"side\":\"SELL\",\"timeInForce\":\"GTD\",\"priceTicks\":200,\"quantityLots\":1,"
        + "\"expireAtMillis\":" + (System.currentTimeMillis() + 600_000) + "}}");
    assertEquals("RESTING", c.reply("p3").get("body").get("status").asText());
    c.send("{\"op\":\"cancel\",\"symbol\":\"" + s + "\",\"account\":\"alice\",\"clientOrderId\":\"gtd-1\","
        + "\"requestId\":\"c\"}");
    assertEquals("CANCELLED", c.reply("c").get("body").get("status").asText());
    JsonNode beat = c.next(m -> "heartbeat".equals(m.path("type").asText()) && "bbo".equals(m.path("channel").asText()));
    assertTrue(beat.get("position").asLong() >= 4, beat.toString());
    assertEquals(s, beat.get("symbol").asText());
    c.ws.abort();
  }

  @Test
  void badInputGetsAnErrorAndChangesNothing() throws Exception {
    Client c = new Client();
    c.send("{not json");
    assertEquals("INVALID_FIELD", c.next(type("error")).get("error").asText());
    c.send("{\"op\":\"launch\",\"requestId\":\"e1\"}");
    assertEquals("op", c.reply("e1").get("field").asText());
    c.send("{\"op\":\"subscribe\",\"channel\":\"gossip\",\"symbol\":\"WS-2\",\"requestId\":\"e2\"}");
    assertEquals("channel", c.reply("e2").get("field").asText());
    c.send("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"bad symbol\",\"requestId\":\"e3\"}");
    assertEquals("symbol", c.reply("e3").get("field").asText());
    c.send("{\"op\":\"place\",\"requestId\":\"e4\",\"symbol\":\"WS-2\",\"order\":{\"account\":\"a\",\"side\":\"BUY\",\"price\":1,\"quantityLots\":1}}");
    JsonNode unknownField = c.reply("e4");
    assertEquals("INVALID_FIELD", unknownField.get("error").asText());
    assertEquals("price", unknownField.get("field").asText());
    c.send("{\"op\":\"place\",\"requestId\":\"e5\",\"symbol\":\"WS-2\",\"order\":{\"account\":\"a\",\"side\":\"BUY\",\"priceTicks\":-1,\"quantityLots\":1}}");
    assertEquals(400, c.reply("e5").get("status").asInt());
    c.send("{\"op\":\"ping\",\"requestId\":\"" + "r".repeat(20_000) + "\"}");
    assertEquals("FRAME_TOO_LARGE", c.next(type("error")).get("error").asText());
    c.ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(5, TimeUnit.SECONDS);
    assertEquals("UNSUPPORTED_FRAME", c.next(type("error")).get("error").asText());
    for (int i = 0; i < WebSocketSession.MAX_SUBSCRIPTIONS; i++) {
      c.send("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"FLOOD-" + i + "\",\"requestId\":\"f" + i + "\"}");
      assertEquals("subscribed", c.reply("f" + i).get("type").asText());
    }
    c.send("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"FLOOD-X\",\"requestId\":\"over\"}");
    assertEquals("TOO_MANY_SUBSCRIPTIONS", c.reply("over").get("error").asText());
    c.send("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"FLOOD-1\",\"requestId\":\"dup\"}");
    assertEquals("ALREADY_SUBSCRIBED", c.reply("dup").get("error").asText());
    // Still connected, and nothing reached a book.
    c.send("{\"op\":\"ping\",\"requestId\":\"alive\"}");
    assertEquals("pong", c.reply("alive").get("type").asText());
    JsonNode book = rest.get("/books/WS-2?depth=5").body();
    assertEquals(0, book.get("bids").size());
    assertEquals(0, book.get("sequenceNr").asLong());
    c.ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
  }
}
