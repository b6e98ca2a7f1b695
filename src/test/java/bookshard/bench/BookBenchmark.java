package bookshard.bench;

import bookshard.book.BookEvent;
import bookshard.book.NewOrder;
import bookshard.book.OrderBook;
import bookshard.book.OrderType;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The matching core alone, one thread, on a mixed stream: passive places near the touch, cancels
 * of live orders, and 10% aggressive orders that sweep several levels. Each operation is a full
 * decide + apply, as the entity does it. The book is held at {@code restingOrders}: below it a
 * passive-or-cancel operation places, above it cancels (so about 45% / 45% / 10%); without that,
 * a 60/30/10 mix grows the book by ~26 orders per 100 operations and a "10k" book ends an
 * iteration near 800k. 1,000 accounts, so self-trade prevention stays rare.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms4g", "-Xmx4g"})
public class BookBenchmark {
  private static final long MID = 100_000;
  private static final String[] ACCOUNTS = new String[1000];

  static {
    for (int i = 0; i < ACCOUNTS.length; i++) {
      ACCOUNTS[i] = "a" + i;
    }
  }

  @Param({"10000"})
  public int restingOrders;

  private OrderBook book;
  private final List<BookEvent> events = new ArrayList<>();
  private SplittableRandom rnd;
  private long[] live;
  private int liveCount;
  private long clock;
  private int spread;

  @Setup(Level.Iteration)
  public void fill() {
    book = new OrderBook();
    rnd = new SplittableRandom(42);
    live = new long[restingOrders * 2];
    liveCount = 0;
    // About 100 orders per level, so the book's depth grows with its size.
    spread = Math.max(10, restingOrders / 200);
    while (book.restingOrderCount() < restingOrders) {
      passive();
    }
  }

  private void run(NewOrder o) {
    events.clear();
    long id = book.nextOrderId();
    if (book.place(o, ++clock, events) == null) {
      boolean rested = false;
      for (int i = 0; i < events.size(); i++) {
        BookEvent e = events.get(i);
        book.apply(e);
        rested |= e instanceof BookEvent.OrderRested;
      }
      if (rested) {
        if (liveCount == live.length) {
          live = java.util.Arrays.copyOf(live, live.length * 2);
        }
        live[liveCount++] = id;
      }
    }
  }

  /** The account of order id n is ACCOUNTS[n % 1000], so a cancel knows its owner without a lookup. */
  private final String[] accountOf = ACCOUNTS;

  private String nextAccount() {
    return ACCOUNTS[(int) (book.nextOrderId() % ACCOUNTS.length)];
  }

  private void passive() {
    Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
    long offset = 1 + rnd.nextInt(spread);
    long price = side == Side.BUY ? MID - offset : MID + offset;
    run(new NewOrder(nextAccount(), null, side, OrderType.LIMIT, TimeInForce.GTC, price, 1 + rnd.nextInt(10)));
  }

  /** Cancels a random live order; ids of orders filled meanwhile are dropped on the way. */
  private void cancel() {
    while (liveCount > 0) {
      int i = rnd.nextInt(liveCount);
      long id = live[i];
      live[i] = live[--liveCount];
      String owner = accountOf[(int) (id % accountOf.length)];
      events.clear();
      if (book.cancel(id, owner, ++clock, events) == null) {
        book.apply(events.get(0));
        return;
      }
    }
    passive();
  }

  private void aggressive() {
    Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
    long price = side == Side.BUY ? MID + 3 : MID - 3;
    run(new NewOrder(nextAccount(), null, side, OrderType.LIMIT, TimeInForce.IOC, price, 50 + rnd.nextInt(200)));
  }

  @Benchmark
  public int mixed() {
    if (rnd.nextInt(10) == 0) {
      aggressive();
    } else if (book.restingOrderCount() < restingOrders) {
      passive();
    } else {
      cancel();
    }
    return events.size();
  }

  /** How far the book strayed from its size during the iteration: printed, so a reader can check. */
  @org.openjdk.jmh.annotations.TearDown(Level.Iteration)
  public void size() {
    if (Math.abs(book.restingOrderCount() - restingOrders) > restingOrders / 10 + 100) {
      throw new IllegalStateException("book at " + book.restingOrderCount() + " orders, not " + restingOrders);
    }
  }
}
