package bookshard.cli;

import bookshard.book.NewOrder;
import bookshard.book.OrderType;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import bookshard.codec.SnapshotCodec;
import bookshard.node.BookshardNode;
import bookshard.node.JournalDatabase;
import bookshard.node.NodeConfig;
import bookshard.node.NodeSettings;
import bookshard.protocol.BookIds;
import bookshard.protocol.BookReply;
import bookshard.protocol.BookRequest;
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
 * latency in that phase (an upper bound of any pause) with the number of snapshots written
 * inside it, the time to encode and decode one, then the recovery time from snapshot + later
 * events and, with the snapshots deleted, from the journal alone. Snapshots are spaced
 * {@code resting / 50} events apart so that several fall inside the measured 20 s; 5 s of the
 * same trading come first, unmeasured, so the window holds steady trading and not the end of
 * the fill.
 */
public final class SnapshotBench {
  private static final String SYMBOL = "BENCH-0";

  private SnapshotBench() {}

  public static void run(String[] args) throws Exception {
    int resting = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int spacing = Math.max(10_000, resting / 50);
    Config overrides = LoadHarness.benchNode(String.join("\n",
        "bookshard.http.ask-timeout = 120s",
        "bookshard.book.snapshot-every = " + spacing,
        "bookshard.book.snapshot-max-events = " + spacing,
        "bookshard.book.keep-snapshots = 12"));
    long events;
    long rows;
    try (BookshardNode node = BookshardNode.start(overrides)) {
      long t0 = System.nanoTime();
      fill(node, resting);
      System.out.printf("filled %d resting orders in %.1f s%n", resting, (System.nanoTime() - t0) / 1e9);
      steady(node, 2_000, 5);
      long from = System.currentTimeMillis();
      long[] lat = steady(node, 2_000, 20);
      long to = System.currentTimeMillis();
      Thread.sleep(2000);
      System.out.printf("while trading at 2000 commands/s for 20 s (after 5 s unmeasured), %s:"
          + " p50 %.2f ms, p99 %.2f ms, p999 %.2f ms, max %.2f ms%n", snapshotsBetween(node, from, to),
          lat[lat.length / 2] / 1e6, lat[(int) (lat.length * 0.99)] / 1e6, lat[(int) (lat.length * 0.999)] / 1e6,
          lat[lat.length - 1] / 1e6);
      codecTimes(node);
      rows = lastSeqNr(NodeSettings.journal(node.system().settings().config()));
      events = ((BookReply.Book) node.books().read(SYMBOL, new BookRequest.GetBook(1))
          .toCompletableFuture().get(60, TimeUnit.SECONDS)).sequenceNr();
    }
    // Then the same trading with snapshots off: the latency the journal alone gives (the floor
    // for the figure above), and over 100k events that a recovery replays on top of the snapshot.
    Config noSnapshots = com.typesafe.config.ConfigFactory.parseString(
        "bookshard.book.snapshot-every = 1000000000\nbookshard.book.snapshot-max-events = 1000000000")
        .withFallback(overrides);
    try (BookshardNode node = BookshardNode.start(noSnapshots)) {
      steady(node, 2_000, 5);
      long[] lat = steady(node, 2_000, 20);
      System.out.printf("the same with snapshots off: p50 %.2f ms, p99 %.2f ms, p999 %.2f ms, max %.2f ms%n",
          lat[lat.length / 2] / 1e6, lat[(int) (lat.length * 0.99)] / 1e6, lat[(int) (lat.length * 0.999)] / 1e6,
          lat[lat.length - 1] / 1e6);
      long now = ((BookReply.Book) node.books().read(SYMBOL, new BookRequest.GetBook(1))
          .toCompletableFuture().get(60, TimeUnit.MINUTES)).sequenceNr();
      System.out.printf("delta after the last snapshot: at least %d events%n", now - events);
      events = now;
      rows = lastSeqNr(NodeSettings.journal(node.system().settings().config()));
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
      node.books().place(SYMBOL, o).whenComplete((r, e) -> {
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
      node.books().place(SYMBOL, o).whenComplete((r, e) -> {
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
      var reply = node.books().read(SYMBOL, new BookRequest.GetBook(1)).toCompletableFuture()
          .get(10, TimeUnit.MINUTES);
      if (!(reply instanceof BookReply.Book)) {
        throw new IllegalStateException("unexpected " + reply);
      }
      System.out.printf("  (node start %d ms)%n", (started - t0) / 1_000_000);
      return (System.nanoTime() - started) / 1_000_000;
    }
  }

  /** How many snapshots were saved in the window, and their size. */
  private static String snapshotsBetween(BookshardNode node, long from, long to) throws Exception {
    try (Connection c = NodeSettings.journal(node.system().settings().config()).connect();
        PreparedStatement p = c.prepareStatement("SELECT COUNT(*), MAX(LENGTH(\"snapshot_payload\")) FROM \"snapshot\""
            + " WHERE \"persistence_id\" = ? AND \"created\" BETWEEN ? AND ?")) {
      p.setString(1, BookIds.persistenceId(SYMBOL).id());
      p.setLong(2, from);
      p.setLong(3, to);
      var rs = p.executeQuery();
      rs.next();
      return String.format("%d snapshots of the whole book written (%.1f MB each)", rs.getLong(1), rs.getLong(2) / 1e6);
    }
  }

  /** Encode and decode of the latest snapshot, in this thread: median and max of 5. */
  private static void codecTimes(BookshardNode node) throws Exception {
    byte[] bytes;
    try (Connection c = NodeSettings.journal(node.system().settings().config()).connect();
        PreparedStatement p = c.prepareStatement("SELECT \"snapshot_payload\" FROM \"snapshot\""
            + " WHERE \"persistence_id\" = ? ORDER BY \"sequence_number\" DESC LIMIT 1")) {
      p.setString(1, BookIds.persistenceId(SYMBOL).id());
      var rs = p.executeQuery();
      rs.next();
      bytes = rs.getBytes(1);
    }
    long[] encode = new long[5];
    long[] decode = new long[5];
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      var state = SnapshotCodec.decode(bytes, 1000);
      long t1 = System.nanoTime();
      SnapshotCodec.encode(state);
      encode[i] = System.nanoTime() - t1;
      decode[i] = t1 - t0;
    }
    Arrays.sort(encode);
    Arrays.sort(decode);
    System.out.printf("snapshot codec, %.1f MB: encode median %.0f ms (max %.0f), decode median %.0f ms (max %.0f)%n",
        bytes.length / 1e6, encode[2] / 1e6, encode[4] / 1e6, decode[2] / 1e6, decode[4] / 1e6);
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
