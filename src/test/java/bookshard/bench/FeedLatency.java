package bookshard.bench;

import bookshard.node.BookshardNode;
import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.SseClient;
import bookshard.support.TestNodes;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * How long after its order is acknowledged a trade reaches trade-stream subscribers: one node,
 * {@code subscribers} SSE clients on one book, a client placing crossing pairs one after the other.
 * {@code mvn -B -q -Pbench test-compile exec:exec -Dbench.main=bookshard.bench.FeedLatency -Dbench="50 2000 postgres"}
 */
public final class FeedLatency {
  private FeedLatency() {}

  public static void main(String[] args) throws Exception {
    int subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int trades = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    Backend backend = Backend.valueOf((args.length > 2 ? args[2] : "postgres").toUpperCase());
    try (BookshardNode node = TestNodes.start(backend.freshJournal(Files.createTempDirectory("feed")), "")) {
      Api api = new Api(node.baseUrl());
      long[] ackedAt = new long[trades + 1];
      List<long[]> arrivals = new ArrayList<>();
      List<SseClient> clients = new ArrayList<>();
      CountDownLatch done = new CountDownLatch(subscribers);
      for (int s = 0; s < subscribers; s++) {
        SseClient sse = new SseClient(node.baseUrl() + "/books/BTC-USD/trades/stream?afterMatchId=0", null);
        long[] at = new long[trades + 1];
        arrivals.add(at);
        clients.add(sse);
        Thread t = new Thread(() -> {
          try {
            for (int n = 0; n < trades; n++) {
              SseClient.Event e = sse.next(Duration.ofSeconds(30));
              at[Integer.parseInt(e.id())] = System.nanoTime();
            }
          } catch (Exception e) {
            e.printStackTrace();
          } finally {
            done.countDown();
          }
        });
        t.setDaemon(true);
        t.start();
      }
      Thread.sleep(1000);
      long t0 = System.nanoTime();
      for (int i = 1; i <= trades; i++) {
        api.place("BTC-USD", "maker", "SELL", 100, 1);
        Api.Reply r = api.place("BTC-USD", "taker", "BUY", 100, 1);
        ackedAt[r.body().get("fills").get(0).get("matchId").asInt()] = System.nanoTime();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      done.await();
      long[] latencies = new long[subscribers * trades];
      int k = 0;
      for (long[] at : arrivals) {
        for (int m = 1; m <= trades; m++) {
          latencies[k++] = Math.max(0, at[m] - ackedAt[m]);
        }
      }
      Arrays.sort(latencies);
      System.out.printf("FEED subscribers=%d trades=%d (%.0f/s) %s: ack->stream p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          subscribers, trades, trades / seconds, backend, latencies[latencies.length / 2] / 1e6,
          latencies[(int) (latencies.length * 0.99)] / 1e6, latencies[latencies.length - 1] / 1e6);
      for (SseClient c : clients) {
        c.close();
      }
    }
    System.exit(0);
  }
}
