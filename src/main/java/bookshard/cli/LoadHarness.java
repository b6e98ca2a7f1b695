package bookshard.cli;

import bookshard.book.NewOrder;
import bookshard.book.OrderType;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import bookshard.node.BookshardNode;
import bookshard.node.NodeSettings;
import bookshard.protocol.BookReply;
import bookshard.protocol.BookRequest;
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
 * {@code java -jar bookshard.jar bench [books] [orders] [inFlight] [resting]}: drives a node in this JVM
 * through its shard region (the engine path: sharding, group commit, journal; no HTTP) and
 * prints durable orders per second, then latency percentiles at half that rate.
 * Uses the configured journal; with the default H2 it writes to a fresh temporary directory.
 */
public final class LoadHarness {
  private final BookshardNode node;
  private final int books;
  /** Resting orders each book is held at: a real book stays about its size, it does not grow without end. */
  private final int resting;
  private final PrintStream out;
  private final AtomicLong cancelsOfGoneOrders = new AtomicLong();

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

  /** Names made once, so that what this harness allocates per order is not counted as the node's. */
  private static final String[] ACCOUNTS = java.util.stream.IntStream.range(0, 64).mapToObj(a -> "acct" + a)
      .toArray(String[]::new);
  private final String[] symbols;

  private LoadHarness(BookshardNode node, int books, int resting, PrintStream out) {
    this.node = node;
    this.books = books;
    this.symbols = java.util.stream.IntStream.range(0, books).mapToObj(b -> "BENCH-" + b).toArray(String[]::new);
    this.resting = resting;
    this.out = out;
  }

  /**
   * A node for benchmarks: ephemeral ports, books BENCH-0, BENCH-1, ..., and with the default H2
   * journal a fresh temporary data directory.
   */
  static Config benchNode(String extra) throws java.io.IOException {
    java.nio.file.Path dataDir = Files.createTempDirectory("bookshard-bench");
    // A run writes up to ~2 GB of journal; it is of no use after the run, and a few runs filled /tmp.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dataDir)));
    return ConfigFactory.parseString(String.join("\n",
        "bookshard.http.port = 0",
        "pekko.remote.artery.canonical.port = 0",
        "pekko.management.http.port = 0",
        "pekko.loglevel = WARNING",
        "bookshard.instruments.pattern = \"BENCH-[0-9]+\"",
        "bookshard.data-dir = \"" + dataDir + "\"",
        extra));
  }

  private static void deleteTree(java.nio.file.Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      System.err.println("could not delete " + root + ": " + e);
    }
  }

  /** Runs the benchmark and stops the node; the JVM is the caller's. */
  public static void run(String[] args) throws Exception {
    int books = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int orders = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 4_000;
    int resting = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
    boolean accounts = Boolean.getBoolean("bench.accounts");
    try (BookshardNode node = BookshardNode.start(benchNode("bookshard.http.ask-timeout = 60s\n"
        + "bookshard.accounts.enabled = " + accounts))) {
      NodeSettings c = NodeSettings.from(node.system().settings().config());
      System.out.printf("journal %s, %d books held at ~%d resting orders each, %d commands, %d in flight, max batch %d,"
          + " accounts %s, clientOrderIds %s%n", c.journal().kind(), books, resting, orders, inFlight,
          c.book().maxBatch(), accounts ? "on (a hold before each order, settlement of every trade)" : "off",
          CLIENT_ORDER_IDS || accounts ? "on every order" : "none");
      if (accounts) {
        fund(node, books);
      }
      new LoadHarness(node, books, resting, System.out).run(orders, inFlight);
    }
  }

  /** Every account the harness trades with gets plenty of every asset of every book. */
  private static void fund(BookshardNode node, int books) throws Exception {
    java.util.List<java.util.concurrent.CompletableFuture<?>> deposits = new java.util.ArrayList<>();
    for (int b = 0; b < books; b++) {
      bookshard.protocol.AssetTerms t = node.books().terms("BENCH-" + b);
      for (int a = 0; a < 64; a++) {
        for (String asset : java.util.List.of(t.base(), t.quote())) {
          String id = "fund-" + asset + "-" + a;
          deposits.add(node.accounts().send("acct" + a,
              new bookshard.protocol.AccountRequest.Deposit(asset, 1L << 60, id)).toCompletableFuture());
        }
      }
    }
    for (var d : deposits) {
      d.get(60, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  void run(int orders, int inFlight) throws Exception {
    warmUp();
    long allocatedBefore = allocatedBytes();
    long sendingBefore = THREADS.getCurrentThreadAllocatedBytes();
    double peak = closedLoop(orders, inFlight);
    long allocated = allocatedBytes() - allocatedBefore;
    long sending = THREADS.getCurrentThreadAllocatedBytes() - sendingBefore;
    out.printf("peak: %.0f commands/s (10%% IOC, the rest a place below the book's size or a cancel above it;"
        + " each acknowledged after its journal write)%n", peak);
    out.printf("allocated at peak: %.0f bytes per command by every thread of this JVM, of which %.0f by this"
        + " harness's sending thread (its order, its ask)%n", (double) allocated / orders, (double) sending / orders);
    // -Dbench.load-rates=35000,...: open loops at these rates (commands/s) instead, so that two
    // builds are compared at the same load, not each at a fraction of its own peak.
    String rates = System.getProperty("bench.load-rates");
    for (String load : (rates != null ? rates : System.getProperty("bench.load-fractions", "0.5")).split(",")) {
      double f = rates != null ? Double.parseDouble(load) / peak : Double.parseDouble(load);
      long[] latencies = openLoop(peak * f, orders / 2);
      out.printf("at %.0f commands/s (%.0f%% of peak): p50 %.2f ms, p99 %.2f ms, p999 %.2f ms, max %.2f ms%n",
          peak * f, f * 100, ms(latencies, 0.50), ms(latencies, 0.99), ms(latencies, 0.999),
          latencies[latencies.length - 1] / 1e6);
    }
    out.printf("resting orders at the end: %d over %d books; %d cancels found their order already filled%n",
        live.values().stream().mapToInt(Resting::size).sum(), books, cancelsOfGoneOrders.get());
  }

  /**
   * Bytes allocated so far by the threads alive now. A thread that ends between two readings takes
   * its share with it; the node's threads are pools that live as long as the node.
   */
  private static long allocatedBytes() {
    long total = 0;
    for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
      total += Math.max(0, bytes);
    }
    return total;
  }

  private void warmUp() throws Exception {
    closedLoop(Math.max(books * 20, 20_000), 1000);
  }

  private final SplittableRandom rnd = new SplittableRandom(7);
  /**
   * {@code -Dbench.client-order-ids=true}: every order carries a clientOrderId, as real clients'
   * do (and as pre-trade risk gives one to every order): the book then remembers them.
   */
  private static final boolean CLIENT_ORDER_IDS = Boolean.getBoolean("bench.client-order-ids");
  private long placed;
  private final java.util.Map<String, Resting> live = new java.util.concurrent.ConcurrentHashMap<>();

  /** What the harness knows rests in one book, so that a cancel names a live order. */
  private static final class Resting {
    private final java.util.ArrayDeque<long[]> oldestFirst = new java.util.ArrayDeque<>();
    private final java.util.HashMap<Long, long[]> byId = new java.util.HashMap<>();

    synchronized int size() {
      return byId.size();
    }

    synchronized void rested(long orderId, long account, long remaining) {
      long[] o = {orderId, account, remaining};
      oldestFirst.addLast(o);
      byId.put(orderId, o);
    }

    synchronized void filled(long makerOrderId, long lots) {
      long[] o = byId.get(makerOrderId);
      if (o != null && (o[2] -= lots) <= 0) {
        byId.remove(makerOrderId);
      }
    }

    /** The oldest order still resting (orderId, account), or null; it counts as gone from now. */
    synchronized long[] takeOldest() {
      long[] o;
      while ((o = oldestFirst.pollFirst()) != null) {
        if (byId.remove(o[0]) != null) {
          return o;
        }
      }
      return null;
    }
  }

  /**
   * The mix of the JMH benchmark: 10% IOC orders that cross the spread; otherwise a passive place
   * near the touch while the book is below its size, else a cancel of its oldest resting order.
   * (The mix before, 60% places / 30% cancels, grew a book by ~300k orders per million commands,
   * so the figures measured the garbage collection of an ever larger heap.)
   */
  private synchronized NewOrder placeOrCancel(String symbol, long[] cancelOut) {
    int k = rnd.nextInt(10);
    Resting book = live.computeIfAbsent(symbol, s -> new Resting());
    if (k != 9 && book.size() >= resting) {
      long[] victim = book.takeOldest();
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
    String clientOrderId = CLIENT_ORDER_IDS ? "h" + (++placed) : null;
    return new NewOrder(ACCOUNTS[account], clientOrderId, side, OrderType.LIMIT,
        aggressive ? TimeInForce.IOC : TimeInForce.GTC, price, 1 + rnd.nextInt(10));
  }

  private String symbol(int i) {
    return symbols[i % books];
  }

  private java.util.concurrent.CompletionStage<BookReply> send(int i) {
    String symbol = symbol(i);
    long[] cancel = new long[2];
    NewOrder order = placeOrCancel(symbol, cancel);
    var answer = order != null ? node.books().place(symbol, order)
        : node.books().send(symbol, new BookRequest.Cancel(cancel[0], ACCOUNTS[(int) cancel[1]]));
    return answer.whenComplete((reply, err) -> {
      if (reply instanceof BookReply.Rejected r && r.reason() == bookshard.book.RejectReason.UNKNOWN_ORDER) {
        cancelsOfGoneOrders.incrementAndGet();
      }
      if (reply instanceof BookReply.Accepted a && !a.duplicate()) {
        Resting book = live.get(symbol);
        a.outcome().fills().forEach(f -> book.filled(f.makerOrderId(), f.quantityLots()));
        if (a.outcome().remainingLots() > 0 && a.outcome().status() != bookshard.book.OrderStatus.CANCELLED
            && a.outcome().orderId() != cancel[0]) {
          book.rested(a.outcome().orderId(), cancel[1], a.outcome().remainingLots());
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

  /**
   * The open loop sleeps at least this long ({@code -Dbench.tick-micros}, default 1,000; 0 for a
   * sleep per order): orders fall due every ~20 µs at half load, and a wake-up per order was a
   * context switch per order on the cores the node shares. An order sent after its due time is
   * timed from its due time, so the wait it spends here counts in its latency.
   */
  private static final long TICK_NANOS = Long.getLong("bench.tick-micros", 1000) * 1000;

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
        LockSupport.parkNanos(Math.max(wait, TICK_NANOS));
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
