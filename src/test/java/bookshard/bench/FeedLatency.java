package bookshard.bench;

import bookshard.node.BookshardNode;
import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.LocalCluster;
import bookshard.support.SseClient;
import bookshard.support.TestNodes;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * How long after its order is acknowledged a trade reaches trade-stream subscribers:
 * {@code subscribers} SSE clients on one book, a client placing crossing pairs one after the
 * other; on one node ({@code h2}, {@code postgres}) or, with {@code cluster}, on a 3-node cluster
 * with the subscribers on a node that does not host the book.
 * {@code mvn -B -q -Pbench test-compile exec:exec -Dbench.main=bookshard.bench.FeedLatency -Dbench="50 2000 postgres|h2|cluster"}
 */
public final class FeedLatency {
  private FeedLatency() {}

  public static void main(String[] args) throws Exception {
    int subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int trades = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    String where = args.length > 2 ? args[2] : "postgres";
    if (where.equals("cluster")) {
      // Three nodes on one PostgreSQL: orders through the book's host, subscribers on another node.
      try (LocalCluster cluster = new LocalCluster(Files.createTempDirectory("feed"), "")) {
        cluster.api(0).place("S0", "seed", "SELL", 200, 1);
        int host = cluster.hostOf("S0", 0);
        int other = (host + 1) % 3;
        run(subscribers, trades, "S0", cluster.baseUrl(host), cluster.baseUrl(other),
            "CLUSTER (subscribers on another node than the book's)", 1);
      }
    } else {
      Backend backend = Backend.valueOf(where.toUpperCase());
      try (BookshardNode node = TestNodes.start(backend.freshJournal(Files.createTempDirectory("feed")), "")) {
        run(subscribers, trades, "BTC-USD", node.baseUrl(), node.baseUrl(), backend.name(), 0);
      }
    }
    System.exit(0);
  }

  /** {@code firstMatchId - 1} trades happened before; the pairs placed here trade from there on. */
  private static void run(int subscribers, int trades, String symbol, String ordersUrl, String streamUrl, String label,
      int before) throws Exception {
    Api api = new Api(ordersUrl);
    long[] ackedAt = new long[before + trades + 1];
    List<long[]> arrivals = new ArrayList<>();
    List<SseClient> clients = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(subscribers);
    for (int s = 0; s < subscribers; s++) {
      SseClient sse = new SseClient(streamUrl + "/books/" + symbol + "/trades/stream?afterMatchId=" + before, null);
      long[] at = new long[before + trades + 1];
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
    Thread.sleep(3000);
    long t0 = System.nanoTime();
    for (int i = 1; i <= trades; i++) {
      api.place(symbol, "maker", "SELL", 100, 1);
      Api.Reply r = api.place(symbol, "taker", "BUY", 100, 1);
      ackedAt[r.body().get("fills").get(0).get("matchId").asInt()] = System.nanoTime();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    done.await();
    long[] latencies = new long[subscribers * trades];
    int k = 0;
    for (long[] at : arrivals) {
      for (int m = before + 1; m <= before + trades; m++) {
        latencies[k++] = Math.max(0, at[m] - ackedAt[m]);
      }
    }
    Arrays.sort(latencies);
    System.out.printf("FEED subscribers=%d trades=%d (%.0f/s) %s: ack->stream p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        subscribers, trades, trades / seconds, label, latencies[latencies.length / 2] / 1e6,
        latencies[(int) (latencies.length * 0.99)] / 1e6, latencies[latencies.length - 1] / 1e6);
    for (SseClient c : clients) {
      c.close();
    }
  }
}
