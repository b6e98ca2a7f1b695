package bookshard.bench;

import bookshard.support.WsOrderFlow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Order entry through the front doors of a running node (the node's own JVM, any commit's jar),
 * with the mix of the in-process {@code bench}: {@code bench/edge.sh} and {@code bench/ab.sh}
 * start the node and run this beside the in-process figure, so the two are one run's ratio.
 *
 * <pre>
 *   ws PORT CONNECTIONS IN_FLIGHT SECONDS   pipelined WebSocket order entry: peak, then p50/p99/p999 at half of it
 *   single PORT ORDERS                      one order at a time on one connection, unloaded: p50/p99/p999
 *   rest PORT CONNECTIONS SECONDS           keep-alive REST clients (bookshard.bench.HttpLoad's client)
 * </pre>
 * Orders go to books BENCH-0 .. BENCH-(books-1), {@code -Dbooks=1} by default, held at ~1,000
 * resting orders in all ({@code -Dresting}). The peaks follow a warm-up of {@code -Dwarmup} seconds (20).
 */
public final class EdgeLoad {
  private static final int BOOKS = Integer.getInteger("books", 1);
  private static final int RESTING = Integer.getInteger("resting", 1000);
  /** Before each peak: a fresh node's JIT is still compiling the request path ~20 s into a load. */
  static final int WARMUP_SECONDS = Integer.getInteger("warmup", 20);

  private EdgeLoad() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[1]);
    switch (args[0]) {
      case "ws" -> webSocket(port, Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      case "single" -> single(port, Integer.parseInt(args[2]));
      case "rest" -> HttpLoad.against(port, Integer.parseInt(args[2]), Integer.parseInt(args[3]), "BENCH-", BOOKS);
      default -> throw new IllegalArgumentException("ws | single | rest");
    }
    System.exit(0);
  }

  private static void webSocket(int port, int connections, int inFlight, int seconds) throws Exception {
    List<WsOrderFlow> flows = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      flows.add(new WsOrderFlow(port, c, "BENCH-", BOOKS, Math.max(1, RESTING / connections)));
    }
    closed(flows, inFlight, WARMUP_SECONDS, null);
    Histogram peakLatency = new Histogram(60_000_000_000L, 3);
    double peak = closed(flows, inFlight, seconds, peakLatency);
    System.out.printf("WS connections=%d inFlight=%d peak %.0f orders/s (closed loop, each answered after its journal"
        + " write; p50 %.2f ms p99 %.2f ms at the peak)%n", connections, inFlight, peak,
        peakLatency.getValueAtPercentile(50) / 1e6, peakLatency.getValueAtPercentile(99) / 1e6);
    Histogram half = new Histogram(60_000_000_000L, 3);
    double rate = peak / 2;
    long perConnection = (long) (rate / connections * seconds);
    long t0 = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    List<Histogram> parts = new ArrayList<>();
    for (WsOrderFlow f : flows) {
      Histogram h = new Histogram(60_000_000_000L, 3);
      parts.add(h);
      threads.add(started(() -> run(() -> f.openLoop(rate / connections, perConnection, h))));
    }
    for (Thread t : threads) {
      t.join();
    }
    parts.forEach(half::add);
    double achieved = perConnection * connections / ((System.nanoTime() - t0) / 1e9);
    System.out.printf("WS at %.0f orders/s (50%% of peak, achieved %.0f): p50 %.2f ms, p99 %.2f ms, p999 %.2f ms,"
            + " max %.2f ms%n", rate, achieved, half.getValueAtPercentile(50) / 1e6, half.getValueAtPercentile(99) / 1e6,
        half.getValueAtPercentile(99.9) / 1e6, half.getMaxValue() / 1e6);
    long unexpected = flows.stream().mapToLong(WsOrderFlow::unexpected).sum();
    if (unexpected > 0) {
      System.out.println("  unexpected replies: " + unexpected + ", e.g. " + flows.get(0).lastUnexpected());
    }
    for (WsOrderFlow f : flows) {
      f.close();
    }
  }

  private static Thread started(Runnable r) {
    Thread t = new Thread(r);
    t.start();
    return t;
  }

  private interface Body {
    void run() throws Exception;
  }

  private static void run(Body body) {
    try {
      body.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static double closed(List<WsOrderFlow> flows, int inFlight, int seconds, Histogram latencies)
      throws Exception {
    AtomicLong answered = new AtomicLong();
    long t0 = System.nanoTime();
    long end = t0 + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    List<Histogram> parts = new ArrayList<>();
    for (WsOrderFlow f : flows) {
      Histogram h = new Histogram(60_000_000_000L, 3);
      parts.add(h);
      threads.add(started(() -> run(() -> answered.addAndGet(
          f.closedLoop(inFlight, Long.MAX_VALUE, end, h)))));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (latencies != null) {
      parts.forEach(latencies::add);
    }
    return answered.get() / ((System.nanoTime() - t0) / 1e9);
  }

  private static void single(int port, int orders) throws Exception {
    try (WsOrderFlow f = new WsOrderFlow(port, 99, "BENCH-", BOOKS, RESTING)) {
      f.closedLoop(1, Math.min(orders, 2_000), Long.MAX_VALUE, null);
      Histogram h = new Histogram(60_000_000_000L, 3);
      long t0 = System.nanoTime();
      f.closedLoop(1, orders, Long.MAX_VALUE, h);
      System.out.printf("WS one order at a time, unloaded: %d orders at %.0f/s: p50 %.3f ms, p99 %.3f ms, p999 %.3f ms,"
              + " max %.2f ms%n", orders, orders / ((System.nanoTime() - t0) / 1e9), h.getValueAtPercentile(50) / 1e6,
          h.getValueAtPercentile(99) / 1e6, h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6);
    }
  }
}
