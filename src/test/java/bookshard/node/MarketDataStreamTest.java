package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.book.BookEvent.TradeExecuted;
import bookshard.cli.Audit;
import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.DepthClient;
import bookshard.support.SseClient;
import bookshard.support.TestNodes;
import bookshard.support.Workload;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The trade and depth streams, read over HTTP as a client would, judged against the journal and REST. */
class MarketDataStreamTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private static String describe(JsonNode t) {
    return t.get("matchId").asLong() + ":" + t.get("priceTicks").asLong() + "x" + t.get("quantityLots").asLong()
        + " " + t.get("makerOrderId").asLong() + "<-" + t.get("takerOrderId").asLong();
  }

  private static String describe(TradeExecuted t) {
    return t.matchId() + ":" + t.priceTicks() + "x" + t.quantityLots() + " " + t.makerOrderId() + "<-" + t.takerOrderId();
  }

  /** Reads trades until {@code lastMatchId} arrives (or {@code max} trades); appends them. */
  private static String readTrades(SseClient sse, List<String> into, long lastMatchId, int max) throws Exception {
    String lastId = null;
    for (int n = 0; n < max; n++) {
      SseClient.Event e = sse.next(WAIT);
      assertNotNull(e, "no trade within " + WAIT + " after " + lastId);
      assertEquals("trade", e.type());
      JsonNode t = JSON.readTree(e.data());
      assertEquals(e.id(), t.get("matchId").asText());
      into.add(describe(t));
      lastId = e.id();
      if (t.get("matchId").asLong() == lastMatchId) {
        break;
      }
    }
    return lastId;
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aConsumerThatReconnectsWithItsLastIdEndsWithExactlyTheJournalsTrades(Backend backend) throws Exception {
    Config journal = backend.freshJournal(dir);
    // A tiny reader buffer: streams keep dropping live events and must read them back.
    try (var node = TestNodes.start(journal, "bookshard.feed.reader-buffer = 2")) {
      Api api = new Api(node.baseUrl());
      String stream = node.baseUrl() + "/books/SOL-USD/trades/stream";
      CompletableFuture<Integer> workload = CompletableFuture.supplyAsync(() -> Workload.run(api, "SOL-USD", 5, 700));
      List<String> seen = new ArrayList<>();
      String lastId;
      try (SseClient first = new SseClient(stream + "?afterMatchId=0", null)) {
        assertEquals(200, first.status());
        lastId = readTrades(first, seen, -1, 25);
      }
      Thread.sleep(300);  // trades go on while the consumer is away
      int trades = workload.get();
      long lastMatchId = api.get("/books/SOL-USD").body().get("lastMatchId").asLong();
      assertEquals(trades, lastMatchId);
      assertTrue(lastMatchId > 60, "the workload traded only " + lastMatchId + " times");
      // The original URL still says afterMatchId=0: a reconnecting EventSource's header wins.
      try (SseClient again = new SseClient(stream + "?afterMatchId=0", lastId)) {
        readTrades(again, seen, lastMatchId, Integer.MAX_VALUE);
        assertEquals(null, again.next(Duration.ofMillis(500)) == null ? null : "an extra trade");
      }
      List<String> journaled = new ArrayList<>();
      Audit.read(NodeSettings.journal(NodeConfig.load(journal)), "SOL-USD", (seq, e) -> {
        if (e instanceof TradeExecuted t) {
          journaled.add(describe(t));
        }
        return true;
      });
      assertEquals(journaled, seen);

      // Without a position, a consumer starts with the next trade.
      try (SseClient live = new SseClient(stream, null)) {
        api.place("SOL-USD", "zed", "SELL", 50, 1);
        api.place("SOL-USD", "yan", "BUY", 200, 1);
        SseClient.Event e = live.next(WAIT);
        assertNotNull(e);
        assertTrue(Long.parseLong(e.id()) > lastMatchId, "a live consumer got old trade " + e.id());
      }
      try (SseClient bad = new SseClient(stream + "?afterMatchId=-1", null)) {
        assertEquals(400, bad.status());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aLocalBookFromTheDepthStreamEqualsTheRestBookAtEverySequence(Backend backend) throws Exception {
    Config journal = backend.freshJournal(dir);
    try (var node = TestNodes.start(journal, "bookshard.book.snapshot-every = 100\nbookshard.book.snapshot-ratio = 0\nbookshard.feed.reader-buffer = 2")) {
      Api api = new Api(node.baseUrl());
      String stream = node.baseUrl() + "/books/ETH-USD/depth/stream";
      try (DepthClient early = new DepthClient(stream)) {
        // Early means its first book is older than every REST sample: wait for it before trading.
        early.awaitSequence(api.get("/books/ETH-USD?depth=1000").body().get("sequenceNr").asLong(), WAIT);
        CompletableFuture<Integer> workload = CompletableFuture.supplyAsync(() -> Workload.run(api, "ETH-USD", 8, 800));
        Map<Long, String> rest = new TreeMap<>();
        DepthClient late = null;
        while (!workload.isDone()) {
          JsonNode b = api.get("/books/ETH-USD?depth=1000").body();
          rest.put(b.get("sequenceNr").asLong(), DepthClient.restBook(b));
          if (late == null && rest.size() == 20) {
            // Joins mid-way: starts from a snapshot of the store plus the events after it.
            late = new DepthClient(stream);
          }
          Thread.sleep(15);
        }
        assertTrue(workload.get() > 50, "too few trades");
        // A level-changing order marks the end, so the stream's last sequence number is the book's.
        api.place("ETH-USD", "end", "BUY", 1, 1);
        JsonNode last = api.get("/books/ETH-USD?depth=1000").body();
        long end = last.get("sequenceNr").asLong();
        rest.put(end, DepthClient.restBook(last));
        assertTrue(rest.size() > 30, "REST sampled only " + rest.size() + " times");
        assertNotNull(late, "the late consumer never started");
        try (DepthClient second = late) {
          for (DepthClient c : List.of(early, second)) {
            c.awaitSequence(end, WAIT);
          }
          long firstOfLate = second.history.firstKey();
          assertTrue(firstOfLate > 0, "the late consumer's snapshot is at " + firstOfLate);
          int compared = 0;
          for (var sample : rest.entrySet()) {
            assertEquals(sample.getValue(), early.history.floorEntry(sample.getKey()).getValue(),
                "early consumer at sequence " + sample.getKey());
            if (sample.getKey() >= firstOfLate) {
              assertEquals(sample.getValue(), second.history.floorEntry(sample.getKey()).getValue(),
                  "late consumer at sequence " + sample.getKey());
              compared++;
            }
          }
          assertTrue(compared > 5, "the late consumer was compared only " + compared + " times");
        }
      }
    }
  }

  @org.junit.jupiter.api.Test
  void oneCopyOfABookServesAllItsDepthSubscribersOnANodeAndIsDroppedWhenTheyLeave() throws Exception {
    Config journal = Backend.H2.freshJournal(dir);
    try (var node = TestNodes.start(journal, "bookshard.feed.depth-idle = 1s\nbookshard.feed.keep-alive = 1s")) {
      Api api = new Api(node.baseUrl());
      api.place("ETH-USD", "ann", "SELL", 105, 3);
      api.place("ETH-USD", "bob", "BUY", 95, 2);
      String eth = node.baseUrl() + "/books/ETH-USD/depth/stream";
      List<DepthClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          clients.add(new DepthClient(eth));
        }
        clients.add(new DepthClient(node.baseUrl() + "/books/BTC-USD/depth/stream"));
        for (DepthClient c : clients) {
          awaitFirstMessage(c);
        }
        String metrics = api.metricsText();
        assertEquals(2.0, sample(metrics, "bookshard_feed_depth_books"), "one copy per book watched");
        assertEquals(4.0, sample(metrics, "bookshard_feed_subscribers", "stream=\"depth\""));
        api.place("ETH-USD", "cat", "BUY", 105, 1);
        api.place("ETH-USD", "dan", "SELL", 96, 5);
        JsonNode book = api.get("/books/ETH-USD?depth=1000").body();
        long end = book.get("sequenceNr").asLong();
        for (DepthClient c : clients.subList(0, 3)) {
          c.awaitSequence(end, WAIT);
          assertEquals(DepthClient.restBook(book), c.history.lastEntry().getValue());
        }
      } finally {
        for (DepthClient c : clients) {
          c.close();
        }
      }
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (sample(api.metricsText(), "bookshard_feed_depth_books") > 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(0.0, sample(api.metricsText(), "bookshard_feed_depth_books"), "copies left after their subscribers");
      // The next subscriber loads the book again.
      api.place("ETH-USD", "eve", "SELL", 107, 4);
      JsonNode book = api.get("/books/ETH-USD?depth=1000").body();
      try (DepthClient again = new DepthClient(eth)) {
        again.awaitSequence(book.get("sequenceNr").asLong(), WAIT);
        assertEquals(DepthClient.restBook(book), again.history.lastEntry().getValue());
      }
    }
  }

  private static void awaitFirstMessage(DepthClient c) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (c.history.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(!c.history.isEmpty(), "no depth snapshot within " + WAIT);
  }

  /** The value of the one sample of {@code name} (with {@code label}, if given). */
  private static double sample(String metrics, String name, String... label) {
    List<String> lines = metrics.lines()
        .filter(l -> (l.startsWith(name + " ") || l.startsWith(name + "{")) && (label.length == 0 || l.contains(label[0])))
        .toList();
    assertEquals(1, lines.size(), name + " in " + metrics.lines().filter(l -> l.startsWith(name)).toList());
    String l = lines.get(0);
    return Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
  }
}
