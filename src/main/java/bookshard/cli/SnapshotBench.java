package bookshard.cli;

import bookshard.book.NewOrder;
import bookshard.book.OrderType;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import bookshard.node.BookshardNode;
import bookshard.node.JournalDatabase;
import bookshard.node.NodeConfig;
import bookshard.node.NodeSettings;
import bookshard.protocol.BookCommand;
import bookshard.protocol.BookIds;
import bookshard.protocol.BookReply;
import com.typesafe.config.Config;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code java -jar bookshard.jar bench-snapshot [restingOrders]}: fills one book with resting
 * orders, trades lightly while snapshots of it are written, and reports the worst command
 * latency in that phase (an upper bound of any pause), then the recovery time from snapshot +
 * later events and, with the snapshots deleted, from the journal alone.
 */
public final class SnapshotBench {
  private static final String SYMBOL = "BENCH-0";

  private SnapshotBench() {}

  public static void run(String[] args) throws Exception {
    int resting = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Config overrides = LoadHarness.benchNode(
        "bookshard.http.ask-timeout = 120s\nbookshard.book.snapshot-every = " + Math.max(10_000, resting / 10));
    long events;
    long rows;
    try (BookshardNode node = BookshardNode.start(overrides)) {
      long t0 = System.nanoTime();
      fill(node, resting);
      System.out.printf("filled %d resting orders in %.1f s%n", resting, (System.nanoTime() - t0) / 1e9);
      long[] lat = steady(node, 2_000, 20);
      System.out.printf("while trading at 2000 commands/s for 20 s with snapshots of the full book being written:"
          + " p50 %.2f ms, p99 %.2f ms, p999 %.2f ms, max %.2f ms%n",
          lat[lat.length / 2] / 1e6, lat[(int) (lat.length * 0.99)] / 1e6, lat[(int) (lat.length * 0.999)] / 1e6,
          lat[lat.length - 1] / 1e6);
      rows = lastSeqNr(NodeSettings.journal(node.system().settings().config()));
      events = ((BookReply.Book) node.books().ask(SYMBOL, r -> new BookCommand.GetBook(1, r))
          .toCompletableFuture().get(60, TimeUnit.SECONDS)).sequenceNr();
    }
    System.out.printf("journal: %d events in %d rows%n", events, rows);
    Thread.sleep(1000);
    System.out.printf("recovery from the latest snapshot + later events: %d ms%n", recover(overrides));
    try (Connection c = NodeSettings.journal(NodeConfig.load(overrides)).connect();
        PreparedStatement p = c.prepareStatement("DELETE FROM \"snapshot\"")) {
      p.executeUpdate();
    }
    long millis = recover(overrides);
    System.out.printf("recovery from the journal alone: %d ms, %.0f events/s%n", millis, events * 1000.0 / millis);
  }

  private static void fill(BookshardNode node, int resting) throws Exception {
    Semaphore window = new Semaphore(4000);
    CountDownLatch done = new CountDownLatch(resting);
    for (int i = 0; i < resting; i++) {
      window.acquire();
      Side side = i % 2 == 0 ? Side.BUY : Side.SELL;
      long offset = 1 + (i / 2) % 1000;
      long price = side == Side.BUY ? 100_000 - offset : 100_000 + offset;
      NewOrder o = new NewOrder("acct" + (i % 64), null, side, OrderType.LIMIT, TimeInForce.GTC, price, 1 + i % 10);
      node.books().ask(SYMBOL, r -> new BookCommand.Place(o, r)).whenComplete((r, e) -> {
        window.release();
        done.countDown();
      });
    }
    done.await();
  }

  /** Small crossing IOCs and passive orders at the touch, on a fixed schedule. */
  private static long[] steady(BookshardNode node, int perSecond, int seconds) throws Exception {
    int n = perSecond * seconds;
    long[] latencies = new long[n];
    CountDownLatch done = new CountDownLatch(n);
    long interval = 1_000_000_000L / perSecond;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      Side side = i % 2 == 0 ? Side.BUY : Side.SELL;
      boolean take = i % 4 == 0;
      long price = side == Side.BUY ? (take ? 100_001 : 99_999) : (take ? 99_999 : 100_001);
      NewOrder o = new NewOrder("steady" + (i % 8), null, side, OrderType.LIMIT,
          take ? TimeInForce.IOC : TimeInForce.GTC, price, 1);
      int k = i;
      node.books().ask(SYMBOL, r -> new BookCommand.Place(o, r)).whenComplete((r, e) -> {
        latencies[k] = System.nanoTime() - due;
        done.countDown();
      });
    }
    done.await();
    Arrays.sort(latencies);
    return latencies;
  }

  private static long recover(Config overrides) throws Exception {
    long t0 = System.nanoTime();
    try (BookshardNode node = BookshardNode.start(overrides)) {
      long started = System.nanoTime();
      var reply = node.books().ask(SYMBOL, r -> new BookCommand.GetBook(1, r)).toCompletableFuture()
          .get(10, TimeUnit.MINUTES);
      if (!(reply instanceof BookReply.Book)) {
        throw new IllegalStateException("unexpected " + reply);
      }
      System.out.printf("  (node start %d ms)%n", (started - t0) / 1_000_000);
      return (System.nanoTime() - started) / 1_000_000;
    }
  }

  private static long lastSeqNr(JournalDatabase db) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement p = c.prepareStatement(
            "SELECT MAX(\"sequence_number\") FROM \"event_journal\" WHERE \"persistence_id\" = ?")) {
      p.setString(1, BookIds.persistenceId(SYMBOL).id());
      var rs = p.executeQuery();
      rs.next();
      return rs.getLong(1);
    }
  }

}
