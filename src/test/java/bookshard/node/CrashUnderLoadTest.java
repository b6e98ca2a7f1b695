package bookshard.node;

import bookshard.protocol.BookIds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.book.BookEvent;
import bookshard.book.BookEvent.OrderAccepted;
import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.OrderBook;
import bookshard.book.Side;
import bookshard.codec.EventCodec;
import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.LocalCluster;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steady trading on three nodes while two nodes are killed with SIGKILL, one after the other.
 * Clients retry anything unanswered on another node with the same clientOrderId. Afterwards the
 * journal is the judge: every acknowledged order is in it exactly once, no submission was
 * placed twice, match ids per book are 1..N, and a book rebuilt from the journal equals the live one.
 */
class CrashUnderLoadTest {
  private static final int SYMBOLS = 6;
  private static final int CLIENTS = 4;

  @TempDir Path dir;

  record Ack(String symbol, String account, String clientOrderId, long orderId) {}

  @Test
  void nothingAcknowledgedIsLostAndNothingIsDuplicated() throws Exception {
    try (LocalCluster cluster = new LocalCluster(dir, "bookshard.book.snapshot-every = 100\nbookshard.http.ask-timeout = 3s")) {
      Map<String, Ack> acks = new ConcurrentHashMap<>();
      AtomicLong sent = new AtomicLong();
      AtomicLong retries = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      List<java.util.concurrent.Future<?>> running = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        running.add(clients.submit(() -> trade(cluster, client, stop, acks, sent, retries)));
      }
      Thread.sleep(3000);
      int first = cluster.hostOf("S0", 2);
      cluster.kill(first);
      Thread.sleep(20_000);
      cluster.restart(first, "back1");
      int second = cluster.hostOf("S1", first);
      cluster.kill(second);
      Thread.sleep(20_000);
      cluster.restart(second, "back2");
      Thread.sleep(2000);
      stop.set(true);
      for (var f : running) {
        f.get(3, TimeUnit.MINUTES);
      }
      clients.shutdown();

      long duplicated = 0;
      long lost = 0;
      for (int s = 0; s < SYMBOLS; s++) {
        String symbol = "S" + s;
        List<BookEvent> journal = readJournal(cluster, symbol);
        Set<String> submissions = new HashSet<>();
        Map<Long, String> accepted = new HashMap<>();
        List<Long> matchIds = new ArrayList<>();
        OrderBook rebuilt = new OrderBook();
        for (BookEvent e : journal) {
          rebuilt.apply(e);
          if (e instanceof OrderAccepted a) {
            accepted.put(a.orderId(), a.clientOrderId());
            if (!submissions.add(a.account() + "/" + a.clientOrderId())) {
              duplicated++;
            }
          } else if (e instanceof TradeExecuted t) {
            matchIds.add(t.matchId());
          }
        }
        assertEquals(LongStream.rangeClosed(1, matchIds.size()).boxed().toList(), matchIds, symbol + " match ids");
        for (Ack a : acks.values()) {
          if (a.symbol().equals(symbol) && !a.clientOrderId().equals(accepted.get(a.orderId()))) {
            lost++;
          }
        }
        JsonNode live = cluster.api(0).get("/books/" + symbol + "/orders").body();
        assertEquals(describe(rebuilt, Side.BUY), describe(live.get("bids")), symbol + " bids: journal vs live");
        assertEquals(describe(rebuilt, Side.SELL), describe(live.get("asks")), symbol + " asks: journal vs live");
      }
      System.out.printf("CRASH_UNDER_LOAD sent=%d acknowledged=%d retried=%d lost=%d duplicated=%d kills=2%n",
          sent.get(), acks.size(), retries.get(), lost, duplicated);
      assertTrue(acks.size() > 200, "the load was real: " + acks.size());
      assertEquals(0, lost, "acknowledged orders missing from the journal");
      assertEquals(0, duplicated, "submissions placed twice");
    }
  }

  private static void trade(LocalCluster cluster, int client, AtomicBoolean stop, Map<String, Ack> acks,
      AtomicLong sent, AtomicLong retries) {
    SplittableRandom r = new SplittableRandom(client);
    for (int n = 0; !stop.get(); n++) {
      String symbol = "S" + r.nextInt(SYMBOLS);
      String account = "client" + client;
      String clientOrderId = "c" + client + "-" + n;
      String body = String.format(
          "{\"account\":\"%s\",\"clientOrderId\":\"%s\",\"side\":\"%s\",\"timeInForce\":\"%s\",\"priceTicks\":%d,\"quantityLots\":%d}",
          account, clientOrderId, r.nextBoolean() ? "BUY" : "SELL", r.nextInt(4) == 0 ? "IOC" : "GTC",
          95 + r.nextInt(11), 1 + r.nextInt(5));
      sent.incrementAndGet();
      for (int attempt = 0; attempt < 200; attempt++) {
        int node = r.nextInt(3);
        if (!cluster.isUp(node)) {
          continue;
        }
        Api.Reply reply;
        try {
          reply = cluster.api(node).post("/books/" + symbol + "/orders", body);
        } catch (RuntimeException e) {
          reply = null;
        }
        if (reply != null && (reply.status() == 201 || reply.status() == 200)) {
          acks.put(symbol + "/" + clientOrderId,
              new Ack(symbol, account, clientOrderId, reply.body().get("orderId").asLong()));
          break;
        }
        if (reply != null && reply.status() != 503 && reply.status() != 429) {
          throw new AssertionError("unexpected answer " + reply + " to " + body);
        }
        retries.incrementAndGet();
        sleep(200);
      }
    }
  }

  private static List<BookEvent> readJournal(LocalCluster cluster, String symbol) throws Exception {
    List<BookEvent> events = new ArrayList<>();
    try (Connection c = Backend.connect(cluster.journal());
        PreparedStatement p = c.prepareStatement("SELECT event_payload FROM event_journal"
            + " WHERE persistence_id = ? ORDER BY sequence_number")) {
      p.setString(1, BookIds.persistenceId(symbol).id());
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          events.add(EventCodec.decode(rs.getBytes(1)));
        }
      }
    }
    return events;
  }

  private static List<String> describe(OrderBook book, Side side) {
    return book.restingOrders(side).stream().map(o -> o.orderId() + "@" + o.priceTicks() + "x" + o.remainingLots()).toList();
  }

  private static List<String> describe(JsonNode orders) {
    List<String> out = new ArrayList<>();
    orders.forEach(o -> out.add(o.get("orderId").asLong() + "@" + o.get("priceTicks").asLong() + "x"
        + o.get("remainingLots").asLong()));
    return out;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
