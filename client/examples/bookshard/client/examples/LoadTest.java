package bookshard.client.examples;

import bookshard.book.NewOrder;
import bookshard.book.OrderStatus;
import bookshard.book.OrderType;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import bookshard.client.BookshardClient;
import bookshard.protocol.BookReply;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Order entry through the Java client, with the mix of the in-process {@code bench} and the
 * WebSocket load ({@code bench/edge.sh} runs it beside them): 10% IOC orders that cross, the rest
 * a GTC order inside the spread while the client's resting orders are under 1,000, else a cancel
 * of its oldest. Book {@code BENCH-0}: the node and this client need
 * {@code BOOKSHARD_SYMBOL_PATTERN='BENCH-[0-9]+'}.
 *
 * <pre>
 *   pipelined SEEDS IN_FLIGHT SECONDS   peak answered orders/s after a 20 s warm-up, with p50/p99 at that load
 *   single SEEDS ORDERS                 one order at a time: p50/p99/p999
 * </pre>
 */
public final class LoadTest {
  private static final String BOOK = "BENCH-0";
  private static final int RESTING = 1000;
  private static final int WARMUP_SECONDS = Integer.getInteger("warmup", 20);

  private final BookshardClient client;
  private final Random random = new Random(7);
  private final ArrayDeque<Long> resting = new ArrayDeque<>();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final String account = "load-" + Long.toString(System.nanoTime(), 36);

  private LoadTest(BookshardClient client) {
    this.client = client;
  }

  public static void main(String[] args) throws Exception {
    try (BookshardClient client = BookshardClient.connect(args[1])) {
      LoadTest load = new LoadTest(client);
      if (args[0].equals("single")) {
        load.single(Integer.parseInt(args[2]));
      } else {
        load.pipelined(Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      }
    }
    System.exit(0);
  }

  private CompletionStage<BookReply> next() {
    int dice = random.nextInt(10);
    Long cancel = null;
    synchronized (resting) {
      if (dice != 9 && resting.size() >= RESTING) {
        cancel = resting.pollFirst();
      }
    }
    if (cancel != null) {
      return client.cancel(BOOK, account, cancel);
    }
    boolean buy = random.nextBoolean();
    boolean cross = dice == 9;
    long price = cross ? (buy ? 10_003 : 9_997) : (buy ? 9_999 - random.nextInt(20) : 10_001 + random.nextInt(20));
    return client.place(BOOK, new NewOrder(account, null, buy ? Side.BUY : Side.SELL, OrderType.LIMIT,
        cross ? TimeInForce.IOC : TimeInForce.GTC, price, 1 + random.nextInt(10)));
  }

  private void answered(BookReply reply) {
    if (reply instanceof BookReply.Accepted a && a.outcome().status() == OrderStatus.RESTING) {
      synchronized (resting) {
        resting.addLast(a.outcome().orderId());
      }
    } else if (!(reply instanceof BookReply.Accepted) && BookshardClient.errorOf(reply).isPresent()
        && !(reply instanceof BookReply.Rejected r && r.reason() == bookshard.book.RejectReason.UNKNOWN_ORDER)) {
      refused.incrementAndGet();
    }
    answered.incrementAndGet();
  }

  /** As fast as answers come, at most {@code inFlight} unanswered, for {@code seconds}: answers per second. */
  private double closedLoop(int inFlight, int seconds, long[] latencies) throws Exception {
    Semaphore window = new Semaphore(inFlight);
    long before = answered.get();
    long t0 = System.nanoTime();
    long end = t0 + seconds * 1_000_000_000L;
    AtomicLong sampled = new AtomicLong();
    while (System.nanoTime() < end) {
      if (!window.tryAcquire(10, TimeUnit.MILLISECONDS)) {
        continue;
      }
      long sent = System.nanoTime();
      next().whenComplete((reply, failure) -> {
        if (latencies != null) {
          long i = sampled.getAndIncrement();
          if (i < latencies.length) {
            latencies[(int) i] = System.nanoTime() - sent;
          }
        }
        if (failure == null) {
          answered(reply);
        } else {
          refused.incrementAndGet();
        }
        window.release();
      });
    }
    window.acquire(inFlight);
    if (latencies != null) {
      Arrays.sort(latencies, 0, (int) Math.min(sampled.get(), latencies.length));
      latencies[latencies.length - 1] = Math.min(sampled.get(), latencies.length - 1);
    }
    return (answered.get() - before) / ((System.nanoTime() - t0) / 1e9);
  }

  private void pipelined(int inFlight, int seconds) throws Exception {
    closedLoop(inFlight, WARMUP_SECONDS, null);
    long[] latencies = new long[2_000_001];
    double peak = closedLoop(inFlight, seconds, latencies);
    int n = (int) latencies[latencies.length - 1];
    System.out.printf("Java client inFlight=%d peak %.0f orders/s (closed loop, each answered after its journal write;"
        + " p50 %.2f ms p99 %.2f ms at the peak; %d refused)%n", inFlight, peak, at(latencies, n, 50) / 1e6,
        at(latencies, n, 99) / 1e6, refused.get());
  }

  private void single(int orders) throws Exception {
    for (int i = 0; i < Math.min(orders, 2_000); i++) {
      answered(next().toCompletableFuture().get(10, TimeUnit.SECONDS));
    }
    long[] latencies = new long[orders];
    long t0 = System.nanoTime();
    for (int i = 0; i < orders; i++) {
      long sent = System.nanoTime();
      answered(next().toCompletableFuture().get(10, TimeUnit.SECONDS));
      latencies[i] = System.nanoTime() - sent;
    }
    double rate = orders / ((System.nanoTime() - t0) / 1e9);
    Arrays.sort(latencies);
    System.out.printf("Java client one order at a time, unloaded: %d orders at %.0f/s: p50 %.3f ms, p99 %.3f ms,"
            + " p999 %.3f ms, max %.2f ms%n", orders, rate, at(latencies, orders, 50) / 1e6, at(latencies, orders, 99) / 1e6,
        at(latencies, orders, 99.9) / 1e6, latencies[orders - 1] / 1e6);
  }

  private static long at(long[] sorted, int n, double percentile) {
    return n == 0 ? 0 : sorted[(int) Math.min(n - 1, Math.ceil(percentile / 100 * n) - 1)];
  }
}
