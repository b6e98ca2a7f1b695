package bookshard.bench;

import bookshard.support.Backend;
import bookshard.support.ChildNode;
import bookshard.support.KeepAliveHttp;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The HTTP path as trading clients use it: {@code connections} persistent keep-alive connections,
 * each sending orders one after the other with a raw HTTP/1.1 client (so the node is measured,
 * not a client library), to a node in its own JVM (ParallelGC) on the embedded H2 journal, over
 * 8 books. Mix: 60% passive GTC orders, 30% cancels of the connection's own resting orders, 10%
 * crossing IOC. Prints the peak rate (closed loop: every connection sends its next order as soon
 * as the previous one is answered), then p50/p99/p999 at half of it (open loop: each order is due
 * at its time and its latency counts from then, so a stall is not hidden).
 * {@code mvn -B -q -Pbench test-compile exec:exec -Dbench.main=bookshard.bench.HttpLoad -Dbench="64 15"}
 */
public final class HttpLoad {
  private static int books = 8;
  private static String prefix = "BENCH-";

  private HttpLoad() {}

  public static void main(String[] args) throws Exception {
    int connections = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    Path dir = Files.createTempDirectory("http-load");
    var settings = ConfigFactory.parseString("bookshard.instruments.pattern = \"BENCH-[0-9]+\"")
        .withFallback(Backend.H2.freshJournal(dir));
    List<String> jvm = new ArrayList<>(List.of("-Xmx2g", "-XX:+UseParallelGC"));
    // e.g. -Dnode.jvm=-XX:StartFlightRecording=filename=node.jfr,settings=profile
    if (!System.getProperty("node.jvm", "").isBlank()) {
      jvm.add(System.getProperty("node.jvm"));
    }
    try (ChildNode node = ChildNode.start(settings, dir.resolve("node.log"), jvm)) {
      int port = Integer.parseInt(node.baseUrl().substring(node.baseUrl().lastIndexOf(':') + 1));
      against(port, connections, seconds, "BENCH-", 8);
      node.terminate();
    }
    System.exit(0);
  }

  /** The load against a node already running on {@code port}, over books {@code symbolPrefix}0 .. (books-1). */
  static void against(int port, int connections, int seconds, String symbolPrefix, int bookCount) throws Exception {
    books = bookCount;
    prefix = symbolPrefix;
    run(port, connections, EdgeLoad.WARMUP_SECONDS, 0);
    double peak = run(port, connections, seconds, 0);
    System.out.printf("HTTP connections=%d peak %.0f orders/s (closed loop, each answered after its journal write)%n",
        connections, peak);
    run(port, connections, seconds, peak / 2);
  }

  /** Runs for {@code seconds}; {@code rate} 0 = closed loop. Returns the rate achieved. */
  private static double run(int port, int connections, int seconds, double rate) throws Exception {
    AtomicLong done = new AtomicLong();
    List<Histogram> histograms = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    for (int c = 0; c < connections; c++) {
      Histogram h = new Histogram(60_000_000_000L, 3);
      histograms.add(h);
      int client = c;
      Thread t = new Thread(() -> {
        try {
          client(port, client, rate / connections, start, end, h, done);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    double achieved = done.get() / ((System.nanoTime() - start) / 1e9);
    if (rate > 0) {
      Histogram all = new Histogram(60_000_000_000L, 3);
      histograms.forEach(all::add);
      System.out.printf("HTTP at %.0f orders/s (50%% of peak, achieved %.0f): p50 %.2f ms, p99 %.2f ms, p999 %.2f ms,"
              + " max %.2f ms%n", rate, achieved, all.getValueAtPercentile(50) / 1e6, all.getValueAtPercentile(99) / 1e6,
          all.getValueAtPercentile(99.9) / 1e6, all.getMaxValue() / 1e6);
    }
    return achieved;
  }

  private static void client(int port, int client, double perSecond, long start, long end, Histogram latencies,
      AtomicLong done) throws IOException {
    SplittableRandom r = new SplittableRandom(client);
    ArrayDeque<long[]> resting = new ArrayDeque<>();
    String account = "http" + client;
    long interval = perSecond > 0 ? (long) (1e9 / perSecond) : 0;
    // Spread the connections' first orders over one interval, so they do not all start at once.
    long due = start + (interval > 0 ? r.nextLong(interval) : 0);
    try (KeepAliveHttp http = new KeepAliveHttp(port)) {
      while (true) {
        long now = System.nanoTime();
        if (now >= end) {
          return;
        }
        if (interval > 0 && due > now) {
          LockSupport.parkNanos(due - now);
        }
        long sentAt = interval > 0 ? due : System.nanoTime();
        int book = r.nextInt(books);
        int dice = r.nextInt(10);
        String request;
        long[] cancel = dice < 3 ? resting.pollFirst() : null;
        if (cancel != null) {
          request = KeepAliveHttp.delete("/books/" + prefix + cancel[0] + "/orders/" + cancel[1] + "?account=" + account);
        } else {
          boolean buy = r.nextBoolean();
          boolean cross = dice == 9;
          long price = cross ? (buy ? 10_100 : 9_900) : (buy ? 9_999 - r.nextInt(50) : 10_001 + r.nextInt(50));
          String body = "{\"account\":\"" + account + "\",\"side\":\"" + (buy ? "BUY" : "SELL") + "\",\"timeInForce\":\""
              + (cross ? "IOC" : "GTC") + "\",\"priceTicks\":" + price + ",\"quantityLots\":" + (1 + r.nextInt(5)) + "}";
          request = KeepAliveHttp.post("/books/" + prefix + book + "/orders", body);
        }
        String response = http.exchange(request);
        latencies.recordValue(Math.max(0, System.nanoTime() - sentAt));
        done.incrementAndGet();
        // A cancel may find its order already filled by another connection's IOC: 404 is an answer.
        boolean answered = response.startsWith("HTTP/1.1 2") || (cancel != null && response.startsWith("HTTP/1.1 404"));
        if (!answered) {
          throw new IllegalStateException("unexpected answer: " + response);
        }
        if (cancel == null && response.contains("\"status\":\"RESTING\"")) {
          int at = response.indexOf("\"orderId\":") + 10;
          resting.addLast(new long[] {book, Long.parseLong(response.substring(at, response.indexOf(',', at)))});
        }
        due += interval;
      }
    }
  }
}
