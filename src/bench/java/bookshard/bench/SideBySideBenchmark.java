package bookshard.bench;

import bookshard.book.EventBuffer;
import bookshard.book.OrderBook;
import bookshard.book.OrderType;
import bookshard.book.RejectReason;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import exchange.core2.collections.objpool.ObjectsPool;
import exchange.core2.core.common.CoreSymbolSpecification;
import exchange.core2.core.common.MatcherEventType;
import exchange.core2.core.common.MatcherTradeEvent;
import exchange.core2.core.common.OrderAction;
import exchange.core2.core.common.SymbolType;
import exchange.core2.core.common.cmd.CommandResultCode;
import exchange.core2.core.common.cmd.OrderCommand;
import exchange.core2.core.common.cmd.OrderCommandType;
import exchange.core2.core.common.config.LoggingConfiguration;
import exchange.core2.core.orderbook.IOrderBook;
import exchange.core2.core.orderbook.OrderBookDirectImpl;
import exchange.core2.core.orderbook.OrderBookEventsHelper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * bookshard's matching core against exchange-core 0.5.3's {@code OrderBookDirectImpl} on the same
 * pre-generated stream ({@link CoreStream}), one engine per JMH fork (each {@code @Benchmark}
 * method runs in its own JVM). Before anything is timed, both engines replay the whole stream
 * and must produce the same trades (maker, taker, price, quantity, in order); otherwise the trial
 * fails. Each engine does what it does in production for every command: bookshard decides the
 * command's events into its reusable buffer and applies them from there; exchange-core processes the command and its trade events
 * are walked once. The stream is replayed in chunks; when it runs out, both books are rebuilt
 * from the prefill outside the timed part.
 *
 * <p>{@code mvn -B -q -Pbench test-compile exec:exec -Dbench="SideBySideBenchmark -prof gc"}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms8g", "-Xmx8g"})
public class SideBySideBenchmark {
  static final String[] ACCOUNT_NAMES = new String[CoreStream.ACCOUNTS];

  static {
    for (int i = 0; i < ACCOUNT_NAMES.length; i++) {
      ACCOUNT_NAMES[i] = "a" + i;
    }
  }

  private static final int CHUNK = 10_000;

  @Param({"EXCHANGE_CORE", "BOOKSHARD", "EXCHANGE_CORE_GENERATOR"})
  public String mix;

  @Param({"1000", "1000000"})
  public int restingOrders;

  @Param({"2000000"})
  public int commands;

  private CoreStream stream;
  private Bookshard bookshard;
  private ExchangeCore exchangeCore;
  private int cursor;

  @Setup(Level.Trial)
  public void generateAndCheck() {
    stream = checkedStream(CoreStream.Mix.valueOf(mix), restingOrders, commands);
    cursor = stream.length;
  }

  /**
   * The seeded stream, after both engines replayed all of it and reported the same trades
   * (maker, taker, price, quantity, in order); otherwise an exception.
   */
  static CoreStream checkedStream(CoreStream.Mix mix, int restingOrders, int commands) {
    CoreStream stream = CoreStream.generate(mix, restingOrders, commands, 7);
    Bookshard b = new Bookshard(stream);
    ExchangeCore x = new ExchangeCore(stream);
    List<long[]> bTrades = new ArrayList<>();
    List<long[]> xTrades = new ArrayList<>();
    b.trades = bTrades;
    x.trades = xTrades;
    b.run(0, stream.length);
    x.run(0, stream.length);
    if (bTrades.size() != xTrades.size()) {
      throw new IllegalStateException("trades: bookshard " + bTrades.size() + ", exchange-core " + xTrades.size());
    }
    for (int i = 0; i < bTrades.size(); i++) {
      if (!java.util.Arrays.equals(bTrades.get(i), xTrades.get(i))) {
        throw new IllegalStateException("trade " + i + ": bookshard " + java.util.Arrays.toString(bTrades.get(i))
            + ", exchange-core " + java.util.Arrays.toString(xTrades.get(i)));
      }
    }
    System.out.printf("%n%s at %d resting: %d commands, %d trades, identical in both engines%n",
        mix, restingOrders, stream.length - stream.prefill, bTrades.size());
    return stream;
  }

  /** A fresh book at the prefill when the stream runs out; not timed. */
  @Setup(Level.Invocation)
  public void nextChunk() {
    if (cursor + CHUNK > stream.length) {
      bookshard = null;
      exchangeCore = null;
      bookshard = new Bookshard(stream);
      bookshard.run(0, stream.prefill);
      exchangeCore = new ExchangeCore(stream);
      exchangeCore.run(0, stream.prefill);
      cursor = stream.prefill;
    }
  }

  @Benchmark
  @OperationsPerInvocation(CHUNK)
  public long bookshard() {
    long before = ALLOCATION.getCurrentThreadAllocatedBytes();
    long r = bookshard.run(cursor, cursor + CHUNK);
    count(before);
    return r;
  }

  @Benchmark
  @OperationsPerInvocation(CHUNK)
  public long exchangeCore() {
    long before = ALLOCATION.getCurrentThreadAllocatedBytes();
    long r = exchangeCore.run(cursor, cursor + CHUNK);
    count(before);
    return r;
  }

  /**
   * Bytes allocated by the timed chunks alone. {@code -prof gc} also counts the book rebuilds
   * done when the stream runs out (a 1M-order book allocates its orders and index anew), which
   * is set-up, not steady state; this counts only measurement iterations.
   */
  private static final com.sun.management.ThreadMXBean ALLOCATION =
      (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

  private boolean measuring;
  private long timedBytes;
  private long timedCommands;

  private void count(long before) {
    if (measuring) {
      timedBytes += ALLOCATION.getCurrentThreadAllocatedBytes() - before;
      timedCommands += CHUNK;
    }
    cursor += CHUNK;
  }

  @Setup(Level.Iteration)
  public void phase(org.openjdk.jmh.infra.IterationParams iteration) {
    measuring = iteration.getType() == org.openjdk.jmh.runner.IterationType.MEASUREMENT;
  }

  @org.openjdk.jmh.annotations.TearDown(Level.Trial)
  public void reportAllocation() {
    if (timedCommands > 0) {
      System.out.printf("%nsteady-state allocation (%s, %d resting): %.3f B/op over %d timed commands%n",
          mix, restingOrders, (double) timedBytes / timedCommands, timedCommands);
    }
  }

  /** bookshard's book, driven as the entity drives it: decide into events, then apply them. */
  /** An engine replaying commands {@code from} (inclusive) to {@code to} of its stream; returns the lots traded. */
  interface Engine {
    long run(int from, int to);
  }

  static final class Bookshard implements Engine {
    private final CoreStream s;
    private final OrderBook book = new OrderBook();
    private final EventBuffer events = new EventBuffer();
    List<long[]> trades;

    Bookshard(CoreStream s) {
      this.s = s;
    }

    public long run(int from, int to) {
      long lots = 0;
      for (int i = from; i < to; i++) {
        String account = ACCOUNT_NAMES[s.account[i]];
        RejectReason r = switch (s.op[i]) {
          case CoreStream.GTC, CoreStream.IOC -> book.place(account, null, s.buy[i] ? Side.BUY : Side.SELL,
              OrderType.LIMIT, s.op[i] == CoreStream.IOC ? TimeInForce.IOC : TimeInForce.GTC, s.price[i], s.size[i],
              i, events);
          case CoreStream.CANCEL -> book.cancel(s.orderId[i], account, i, events);
          case CoreStream.MOVE -> book.amend(s.orderId[i], account, s.price[i], s.remainingAfter[i], i, events);
          default -> book.amend(s.orderId[i], account, 0, s.remainingAfter[i], i, events);
        };
        if (r != null) {
          throw new IllegalStateException("command " + i + " rejected: " + r);
        }
        for (int e = 0; e < events.size(); e++) {
          book.apply(events, e);
          if (events.kind(e) == EventBuffer.TRADE) {
            lots += events.lots(e);
            if (trades != null) {
              trades.add(new long[] {events.makerOrderId(e), events.takerOrderId(e), events.priceTicks(e), events.lots(e)});
            }
          }
        }
        events.clear();
      }
      return lots;
    }
  }

  /** exchange-core's direct order book, driven as its matching engine drives it: one reused command. */
  static final class ExchangeCore implements Engine {
    private final CoreStream s;
    private final IOrderBook book;
    private final OrderCommand cmd = new OrderCommand();
    List<long[]> trades;

    ExchangeCore(CoreStream s) {
      this.s = s;
      CoreSymbolSpecification spec = CoreSymbolSpecification.builder().symbolId(1).type(SymbolType.FUTURES_CONTRACT)
          .baseCurrency(1).quoteCurrency(2).baseScaleK(1).quoteScaleK(1).build();
      book = new OrderBookDirectImpl(spec, ObjectsPool.createDefaultTestPool(),
          OrderBookEventsHelper.NON_POOLED_EVENTS_HELPER, LoggingConfiguration.DEFAULT);
    }

    public long run(int from, int to) {
      long lots = 0;
      for (int i = from; i < to; i++) {
        cmd.orderId = s.orderId[i];
        cmd.uid = s.account[i];
        cmd.symbol = 1;
        cmd.timestamp = i;
        cmd.matcherEvent = null;
        cmd.resultCode = CommandResultCode.VALID_FOR_MATCHING_ENGINE;
        switch (s.op[i]) {
          case CoreStream.GTC, CoreStream.IOC -> {
            cmd.command = OrderCommandType.PLACE_ORDER;
            cmd.action = s.buy[i] ? OrderAction.BID : OrderAction.ASK;
            cmd.orderType = s.op[i] == CoreStream.IOC ? exchange.core2.core.common.OrderType.IOC
                : exchange.core2.core.common.OrderType.GTC;
            cmd.price = s.price[i];
            cmd.reserveBidPrice = s.price[i];
            cmd.size = s.size[i];
          }
          case CoreStream.CANCEL -> cmd.command = OrderCommandType.CANCEL_ORDER;
          case CoreStream.MOVE -> {
            cmd.command = OrderCommandType.MOVE_ORDER;
            cmd.price = s.price[i];
          }
          default -> {
            cmd.command = OrderCommandType.REDUCE_ORDER;
            cmd.size = s.size[i];
          }
        }
        CommandResultCode r = IOrderBook.processCommand(book, cmd);
        if (r != CommandResultCode.SUCCESS) {
          throw new IllegalStateException("command " + i + " (" + cmd.command + ") refused: " + r);
        }
        for (MatcherTradeEvent e = cmd.matcherEvent; e != null; e = e.nextEvent) {
          if (e.eventType == MatcherEventType.TRADE) {
            lots += e.size;
            if (trades != null) {
              trades.add(new long[] {e.matchedOrderId, cmd.orderId, e.price, e.size});
            }
          }
        }
      }
      return lots;
    }
  }
}
