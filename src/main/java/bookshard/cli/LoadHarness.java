package bookshard.cli;

import bookshard.book.NewOrder;
import bookshard.book.OrderType;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import bookshard.node.BookshardNode;
import bookshard.node.NodeSettings;
import bookshard.protocol.BookCommand;
import bookshard.protocol.BookReply;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code java -jar bookshard.jar bench [books] [orders] [inFlight]}: drives a node in this JVM
 * through its shard region (the engine path: sharding, group commit, journal; no HTTP) and
 * prints durable orders per second, then latency percentiles at half that rate.
 * Uses the configured journal; with the default H2 it writes to a fresh temporary directory.
 */
public final class LoadHarness {
  private final BookshardNode node;
  private final int books;
  private final PrintStream out;

  private LoadHarness(BookshardNode node, int books, PrintStream out) {
    this.node = node;
    this.books = books;
    this.out = out;
  }

  /**
   * A node for benchmarks: ephemeral ports, books BENCH-0, BENCH-1, ..., and with the default H2
   * journal a fresh temporary data directory.
   */
  static Config benchNode(String extra) throws java.io.IOException {
    return ConfigFactory.parseString(String.join("\n",
        "bookshard.http.port = 0",
        "pekko.remote.artery.canonical.port = 0",
        "pekko.management.http.port = 0",
        "pekko.loglevel = WARNING",
        "bookshard.instruments.pattern = \"BENCH-[0-9]+\"",
        "bookshard.data-dir = \"" + Files.createTempDirectory("bookshard-bench") + "\"",
        extra));
  }

  /** Runs the benchmark and stops the node; the JVM is the caller's. */
  public static void run(String[] args) throws Exception {
    int books = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int orders = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 4_000;
    try (BookshardNode node = BookshardNode.start(benchNode("bookshard.http.ask-timeout = 60s"))) {
      NodeSettings c = NodeSettings.from(node.system().settings().config());
      System.out.printf("journal %s, %d books, %d orders, %d in flight, max batch %d%n",
          c.journal().kind(), books, orders, inFlight, c.book().maxBatch());
      new LoadHarness(node, books, System.out).run(orders, inFlight);
    }
  }

  void run(int orders, int inFlight) throws Exception {
    warmUp();
    double peak = closedLoop(orders, inFlight);
    out.printf("peak: %.0f commands/s (60%% place, 30%% cancel, 10%% IOC; each acknowledged after its journal write)%n", peak);
    long[] latencies = openLoop(peak / 2, orders / 2);
    out.printf("at %.0f commands/s (50%% of peak): p50 %.2f ms, p99 %.2f ms, p999 %.2f ms, max %.2f ms%n",
        peak / 2, ms(latencies, 0.50), ms(latencies, 0.99), ms(latencies, 0.999),
        latencies[latencies.length - 1] / 1e6);
  }

  private void warmUp() throws Exception {
    closedLoop(Math.max(books * 20, 20_000), 1000);
  }

  private final SplittableRandom rnd = new SplittableRandom(7);
  /** Resting orders per book that a later cancel may pick: orderId, account index. */
  private final java.util.Map<String, java.util.ArrayDeque<long[]>> live = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The mix of the JMH benchmark: 60% passive places near the touch, 30% cancels of resting
   * orders, 10% IOC orders that cross the spread, so a book's size stays bounded.
   */
  private synchronized BookCommand.Place placeOrCancel(String symbol, org.apache.pekko.actor.typed.ActorRef<BookReply> r,
      long[] cancelOut) {
    int k = rnd.nextInt(10);
    var q = live.computeIfAbsent(symbol, s -> new java.util.ArrayDeque<>());
    if (k >= 6 && k < 9) {
      long[] victim;
      synchronized (q) {
        victim = q.pollFirst();
      }
      if (victim != null) {
        cancelOut[0] = victim[0];
        cancelOut[1] = victim[1];
        return null;
      }
    }
    Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
    boolean aggressive = k == 9;
    long offset = aggressive ? -3 : 1 + rnd.nextInt(20);
    long price = side == Side.BUY ? 10_000 - offset : 10_000 + offset;
    int account = rnd.nextInt(64);
    cancelOut[1] = account;
    return new BookCommand.Place(new NewOrder("acct" + account, null, side, OrderType.LIMIT,
        aggressive ? TimeInForce.IOC : TimeInForce.GTC, price, 1 + rnd.nextInt(10)), r);
  }

  private String symbol(int i) {
    return "BENCH-" + (i % books);
  }

  private java.util.concurrent.CompletionStage<BookReply> send(int i) {
    String symbol = symbol(i);
    long[] cancel = new long[2];
    return node.books().ask(symbol, r -> {
      BookCommand.Place p = placeOrCancel(symbol, r, cancel);
      return p != null ? p : new BookCommand.Cancel(cancel[0], "acct" + cancel[1], r);
    }).whenComplete((reply, err) -> {
      if (reply instanceof BookReply.Accepted a && a.outcome().remainingLots() > 0
          && a.outcome().status() != bookshard.book.OrderStatus.CANCELLED && !a.duplicate()) {
        var q = live.get(symbol);
        synchronized (q) {
          q.addLast(new long[] {a.outcome().orderId(), cancel[1]});
        }
      }
    });
  }

  /** As fast as the node answers, with at most {@code inFlight} orders outstanding. */
  private double closedLoop(int orders, int inFlight) throws Exception {
    Semaphore window = new Semaphore(inFlight);
    CountDownLatch done = new CountDownLatch(orders);
    AtomicLong failed = new AtomicLong();
    long t0 = System.nanoTime();
    for (int i = 0; i < orders; i++) {
      window.acquire();
      send(i).whenComplete((reply, err) -> {
        if (err != null || !(reply instanceof BookReply.Accepted || reply instanceof BookReply.Rejected)) {
          failed.incrementAndGet();
        }
        window.release();
        done.countDown();
      });
    }
    done.await();
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (failed.get() > 0) {
      out.printf("  (%d of %d not accepted)%n", failed.get(), orders);
    }
    return orders / seconds;
  }

  /** Orders sent on a fixed schedule, whatever the answers do; latency from the scheduled time. */
  private long[] openLoop(double rate, int orders) throws Exception {
    long[] latencies = new long[orders];
    CountDownLatch done = new CountDownLatch(orders);
    long intervalNanos = (long) (1e9 / rate);
    long start = System.nanoTime();
    for (int i = 0; i < orders; i++) {
      long due = start + i * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      int n = i;
      send(i).whenComplete((reply, err) -> {
        latencies[n] = System.nanoTime() - due;
        done.countDown();
      });
    }
    done.await();
    Arrays.sort(latencies);
    return latencies;
  }

  private static double ms(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1e6;
  }
}
