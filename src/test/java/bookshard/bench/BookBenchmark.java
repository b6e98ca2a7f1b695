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
 * The matching core alone, one thread, on a mixed stream: 60% passive places near the touch,
 * 30% cancels of live orders, 10% aggressive orders that sweep several levels. Each operation
 * is a full decide + apply, as the entity does it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms4g", "-Xmx4g"})
public class BookBenchmark {
  private static final long MID = 100_000;
  private static final String[] ACCOUNTS = {"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"};

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

  /** The account of order id n is ACCOUNTS[n % 8], so a cancel knows its owner without a lookup. */
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
    int k = rnd.nextInt(10);
    if (k < 6) {
      passive();
    } else if (k < 9) {
      cancel();
    } else {
      aggressive();
    }
    return events.size();
  }
}
