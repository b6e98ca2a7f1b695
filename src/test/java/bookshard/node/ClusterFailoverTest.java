package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.ChildNode;
import bookshard.support.Workload;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
  private final ChildNode[] nodes = new ChildNode[3];
  private final int[] remotePorts = new int[3];
  private final int[] httpPorts = new int[3];
  private Config journal;

  /** Stops what is left and keeps the node logs under target/cluster-logs for a post-mortem. */
  @AfterEach
  void stopAll() throws Exception {
    for (ChildNode n : nodes) {
      if (n != null) {
        n.close();
      }
    }
    Path keep = Path.of("target", "cluster-logs");
    Files.createDirectories(keep);
    try (var logs = Files.list(dir)) {
      for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
        Files.copy(log, keep.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private Config settings(int i) {
    return ConfigFactory.parseString(String.join("\n",
            "bookshard.http.port = " + httpPorts[i],
            "pekko.remote.artery.canonical.port = " + remotePorts[i],
            "bookshard.book.snapshot-every = 50",
            "bookshard.instruments.pattern = \"S[0-9]+\"",
            "bookshard.cluster.seed-nodes = \"" + address(0) + "," + address(1) + "\""))
        .withFallback(journal);
  }

  private String address(int i) {
    return "pekko://bookshard@127.0.0.1:" + remotePorts[i];
  }

  private ChildNode start(int i, String tag) throws Exception {
    return ChildNode.start(settings(i), dir.resolve("node" + i + "-" + tag + ".log"));
  }

  private Api api(int i) {
    return new Api("http://127.0.0.1:" + httpPorts[i]);
  }

  private void awaitReady(int i) throws Exception {
    long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (api(i).get("/ready").status() == 200) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("node " + i + " not ready within 60 s");
  }

  private int hostOf(String symbol, int askVia) {
    String host = api(askVia).get("/books/" + symbol).body().get("hostedBy").asText();
    for (int i = 0; i < 3; i++) {
      if (host.equals(address(i))) {
        return i;
      }
    }
    throw new AssertionError("unknown host " + host);
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
    journal = Backend.POSTGRES.freshJournal(dir);
    for (int i = 0; i < 3; i++) {
      remotePorts[i] = ChildNode.freePort();
      httpPorts[i] = ChildNode.freePort();
    }
    List<CompletableFuture<ChildNode>> starting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int n = i;
      starting.add(CompletableFuture.supplyAsync(() -> {
        try {
          return start(n, "0");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    for (int i = 0; i < 3; i++) {
      nodes[i] = starting.get(i).join();
    }
    for (int i = 0; i < 3; i++) {
      awaitReady(i);
    }
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
      long t0 = System.nanoTime();
      System.out.println("KILL node" + victim + " at " + java.time.LocalTime.now());
      nodes[victim].kill();
      failoverMillis.add(millisUntilServedElsewhere("S0", survivor, address(victim), t0));
      assertEquals(before, state(survivor), "every book, open order and match id survived the kill");

      // A far-away sell guarantees liquidity; the buy takes the best ask, whichever it is.
      assertEquals(201, api(survivor).place("S0", "zed", "SELL", 1000, 1).status());
      Api.Reply taker = api(survivor).place("S0", "zoe", "BUY", 1000, 1);
      assertEquals(201, taker.status(), taker.toString());
      assertEquals(lastMatchId + 1, taker.body().get("fills").get(0).get("matchId").asLong());

      nodes[victim] = start(victim, "r" + round);
      awaitReady(victim);
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
    nodes[leaver].terminate();
    nodes[leaver] = null;
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
