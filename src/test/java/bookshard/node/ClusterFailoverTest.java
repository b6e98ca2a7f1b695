package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.support.Api;
import bookshard.support.DepthClient;
import bookshard.support.LocalCluster;
import bookshard.support.SseClient;
import bookshard.support.StopsAndExpiries;
import bookshard.support.Workload;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three engine JVMs on loopback sharing one PostgreSQL journal. A node hosting books is killed
 * with SIGKILL; its books must come back on the survivors exactly as they were. Then a node
 * leaves gracefully while a client keeps trading, and no request fails beyond its retries.
 *
 * <p>-Dfailover.rounds=N repeats the kill (restarting the victim each time) and prints the
 * median time from SIGKILL to the book serving again.
 */
class ClusterFailoverTest {
  private static final int SYMBOLS = 12;
  private static final long DEADLINE_MILLIS = 60_000;

  @TempDir Path dir;
  private LocalCluster cluster;

  @AfterEach
  void stopAll() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private Api api(int i) {
    return cluster.api(i);
  }

  private String address(int i) {
    return cluster.address(i);
  }

  private int hostOf(String symbol, int via) {
    return cluster.hostOf(symbol, via);
  }

  /** Open orders in queue order plus the L2 book and last match id, without the host. */
  private Map<String, String> state(int via) {
    Map<String, String> out = new HashMap<>();
    for (int s = 0; s < SYMBOLS; s++) {
      String symbol = "S" + s;
      Api.Reply orders = api(via).get("/books/" + symbol + "/orders");
      Api.Reply book = api(via).get("/books/" + symbol + "?depth=1000");
      assertEquals(200, orders.status(), orders.toString());
      assertEquals(200, book.status(), book.toString());
      out.put(symbol, orders.body().toString() + KillRecoveryTest.withoutHost(book.body()));
    }
    return out;
  }

  /**
   * A request leaves every 100 ms, each waiting up to the node's ask timeout, so the first
   * one to be answered from the new host marks the moment within about 100 ms.
   */
  private long millisUntilServedElsewhere(String symbol, int via, String oldHost, long t0) throws Exception {
    long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
    java.util.concurrent.CompletableFuture<Long> servedAt = new java.util.concurrent.CompletableFuture<>();
    while (!servedAt.isDone()) {
      assertTrue(System.currentTimeMillis() < deadline, symbol + " not served again within 60 s");
      api(via).getAsync("/books/" + symbol).thenAccept(r -> {
        if (r.status() == 200 && !r.body().get("hostedBy").asText().equals(oldHost)) {
          servedAt.complete(System.nanoTime());
        } else if (r.status() != 200 && r.status() != 503) {
          servedAt.completeExceptionally(new AssertionError("during failover only 503 or 200: " + r));
        } else if (r.status() == 503 && (r.body() == null || !r.body().has("error"))) {
          servedAt.completeExceptionally(new AssertionError("a 503 must have a JSON body: " + r));
        }
      });
      Thread.sleep(100);
    }
    return (servedAt.get() - t0) / 1_000_000;
  }

  @Test
  void killedNodesBooksComeBackOnSurvivorsAndGracefulLeaveLosesNothing() throws Exception {
    cluster = new LocalCluster(dir, "bookshard.book.snapshot-every = 50\nbookshard.book.snapshot-ratio = 0");
    for (int s = 0; s < SYMBOLS; s++) {
      Workload.run(api(s % 3), "S" + s, s, 40);
    }

    int rounds = Integer.getInteger("failover.rounds", 1);
    List<Long> failoverMillis = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      Map<String, String> before = state(0);
      int victim = hostOf("S0", 0);
      int survivor = (victim + 1) % 3;
      long lastMatchId = api(survivor).get("/books/S0").body().get("lastMatchId").asLong();
      // Stop and GTD orders in a book of the victim: the GTD order expires during the failover.
      StopsAndExpiries stops = null;
      for (int i = 0; round == 0 && stops == null; i++) {
        assertTrue(i < 30, "no book for the stop scenario landed on node" + victim);
        StopsAndExpiries candidate = new StopsAndExpiries("S" + (100 + i));
        candidate.arrange(api(victim), 1000);
        stops = hostOf(candidate.symbol, victim) == victim ? candidate : null;
      }
      // Market data from a node that does not host the book, open across the failover.
      String streams = cluster.baseUrl(survivor) + "/books/S0/";
      SseClient trades = new SseClient(streams + "trades/stream?afterMatchId=0", null);
      DepthClient depth = new DepthClient(streams + "depth/stream");
      long t0 = System.nanoTime();
      System.out.println("KILL node" + victim + " at " + java.time.LocalTime.now());
      cluster.kill(victim);
      failoverMillis.add(millisUntilServedElsewhere("S0", survivor, address(victim), t0));
      assertEquals(before, state(survivor), "every book, open order and match id survived the kill");

      // A far-away sell guarantees liquidity; the buy takes the best ask, whichever it is.
      assertEquals(201, api(survivor).place("S0", "zed", "SELL", 1000, 1).status());
      Api.Reply taker = api(survivor).place("S0", "zoe", "BUY", 1000, 1);
      assertEquals(201, taker.status(), taker.toString());
      assertEquals(lastMatchId + 1, taker.body().get("fills").get(0).get("matchId").asLong());
      try (trades; depth) {
        for (long expected = 1; expected <= lastMatchId + 1; expected++) {
          SseClient.Event e = trades.next(Duration.ofSeconds(20));
          assertEquals(Long.toString(expected), e == null ? "nothing" : e.id(), "trade stream through the failover");
        }
        assertEquals(null, trades.next(Duration.ofMillis(300)), "no trade twice");
        JsonNode book = api(survivor).get("/books/S0?depth=1000").body();
        depth.awaitSequence(book.get("sequenceNr").asLong(), Duration.ofSeconds(20));
        assertEquals(DepthClient.restBook(book), depth.history.lastEntry().getValue());
      }
      if (stops != null) {
        stops.check(api(survivor));
      }

      cluster.restart(victim, "r" + round);
    }
    failoverMillis.sort(Long::compare);
    System.out.println("FAILOVER_MS " + failoverMillis + " median " + failoverMillis.get(failoverMillis.size() / 2));

    gracefulLeaveWhileTrading();
  }

  /** SIGTERM the host of S1 while a client trades S1 through another node, retrying 503s. */
  private void gracefulLeaveWhileTrading() throws Exception {
    int leaver = hostOf("S1", 0);
    int via = (leaver + 1) % 3;
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Long> acked = new ArrayList<>();
    CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
      for (int i = 0; !stop.get() || i < 20; i++) {
        String clientOrderId = "leave-" + i;
        String body = "{\"account\":\"lea\",\"clientOrderId\":\"" + clientOrderId
            + "\",\"side\":\"BUY\",\"priceTicks\":1,\"quantityLots\":1}";
        Api.Reply r = null;
        for (int attempt = 0; attempt < 30; attempt++) {
          r = api(via).post("/books/S1/orders", body);
          if (r.status() != 503) {
            break;
          }
          sleep(r.status() == 503 ? 500 : 0);
        }
        if (r.status() != 201 && r.status() != 200) {
          failures.add(clientOrderId + " -> " + r);
        } else {
          synchronized (acked) {
            acked.add(r.body().get("orderId").asLong());
          }
        }
      }
    });
    Thread.sleep(300);
    cluster.terminate(leaver);
    stop.set(true);
    client.join();
    assertTrue(failures.isEmpty(), "requests failed despite retries: " + failures);
    assertNotEquals(address(leaver), api(via).get("/books/S1").body().get("hostedBy").asText());
    JsonNode resting = api(via).get("/books/S1/orders?account=lea").body().get("bids");
    List<Long> present = new ArrayList<>();
    resting.forEach(o -> present.add(o.get("orderId").asLong()));
    synchronized (acked) {
      assertEquals(acked.size(), present.size(), "acknowledged " + acked + " present " + present);
      assertTrue(present.containsAll(acked), "acknowledged " + acked + " present " + present);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
