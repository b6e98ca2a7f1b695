package bookshard.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.node.BookshardNode;
import bookshard.protocol.BookIds;
import bookshard.protocol.BookReply;
import bookshard.protocol.BookRequest;
import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.TestNodes;
import bookshard.support.Workload;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Stop a node, start a new one on the same database: the book must be exactly as it was. */
class RecoveryTest {
  private static final String SYMBOL = "BTC-USD";

  @TempDir Path dir;

  static BookReply.RestingOrders resting(BookshardNode node) throws Exception {
    return resting(node, SYMBOL);
  }

  static BookReply.RestingOrders resting(BookshardNode node, String symbol) throws Exception {
    return (BookReply.RestingOrders) node.books()
        .read(symbol, new BookRequest.GetRestingOrders(null, Integer.MAX_VALUE))
        .toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** The next trade after recovery must carry exactly the next match id. */
  private static void assertNextTradeGets(BookshardNode node, BookReply.RestingOrders book) {
    Api api = new Api(node.baseUrl());
    var best = book.asks().isEmpty() ? null : book.asks().get(0);
    long price = best == null ? 100 : best.priceTicks();
    if (best == null) {
      assertEquals(201, api.place(SYMBOL, "zed", "SELL", price, 1).status());
    }
    var taker = api.place(SYMBOL, "yves", "BUY", price, 1);
    assertEquals(201, taker.status(), taker.toString());
    assertEquals(book.nextMatchId(), taker.body().get("fills").get(0).get("matchId").asLong());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void bookAndNextMatchIdSurviveARestart(Backend backend) throws Exception {
    Config journal = backend.freshJournal(dir);
    String settings = "bookshard.book.snapshot-every = 100000\nbookshard.book.snapshot-ratio = 0";
    BookReply.RestingOrders before;
    try (BookshardNode node = TestNodes.start(journal, settings)) {
      int trades = Workload.run(new Api(node.baseUrl()), SYMBOL, 7, 300);
      before = resting(node);
      assertTrue(trades > 20, "the workload should trade: " + trades);
      assertEquals(trades + 1, before.nextMatchId());
    }
    try (BookshardNode node = TestNodes.start(journal, settings)) {
      assertEquals(before, resting(node));
      assertNextTradeGets(node, before);
    }
  }

  /** Snapshots are saved in the background: wait a moment, then compare the newest with the last row. */
  private static boolean rowsAfterNewestSnapshot(Config journal) throws Exception {
    Thread.sleep(300);
    try (Connection c = Backend.connect(journal)) {
      long snapshotSeq = count(c, "SELECT MAX(\"sequence_number\") FROM \"snapshot\" WHERE \"persistence_id\" = ?");
      long lastSeq = count(c, "SELECT MAX(\"sequence_number\") FROM \"event_journal\" WHERE \"persistence_id\" = ?");
      return snapshotSeq > 0 && snapshotSeq < lastSeq;
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void recoveryFromSnapshotPlusLaterEvents(Backend backend) throws Exception {
    Config journal = backend.freshJournal(dir);
    String settings = "bookshard.book.snapshot-every = 25\nbookshard.book.snapshot-ratio = 0";
    BookReply.RestingOrders before;
    try (BookshardNode node = TestNodes.start(journal, settings)) {
      Api api = new Api(node.baseUrl());
      Workload.run(api, SYMBOL, 11, 300);
      // The test needs rows after the newest snapshot. Group commit decides where rows end, so
      // the last one may be exactly where a snapshot was taken: then add rows (each a resting
      // order far from the book) until one lies after it.
      for (int i = 0; i < 20 && !rowsAfterNewestSnapshot(journal); i++) {
        api.place(SYMBOL, "tail", "BUY", 1, 1);
      }
      before = resting(node);
    }
    long snapshotSeq;
    try (Connection c = Backend.connect(journal)) {
      long snapshots = count(c, "SELECT COUNT(*) FROM \"snapshot\" WHERE \"persistence_id\" = ?");
      snapshotSeq = count(c, "SELECT MAX(\"sequence_number\") FROM \"snapshot\" WHERE \"persistence_id\" = ?");
      long lastSeq = count(c, "SELECT MAX(\"sequence_number\") FROM \"event_journal\" WHERE \"persistence_id\" = ?");
      // Pekko's retention keeps the snapshots of the last 2 x 25 sequence numbers; a command's
      // events are one atomic write that can cross a multiple of 25, hence 2 or 3 of them.
      assertTrue(snapshots == 2 || snapshots == 3, "retention: " + listSnapshots(c));
      long oldest = count(c, "SELECT MIN(\"sequence_number\") FROM \"snapshot\" WHERE \"persistence_id\" = ?");
      assertTrue(oldest > snapshotSeq - 3 * 25, "old snapshots deleted: " + listSnapshots(c));
      assertTrue(snapshotSeq > 0 && snapshotSeq < lastSeq, "events after the snapshot: " + snapshotSeq + "/" + lastSeq);
      // Without the events the snapshot covers, recovery can only succeed from the snapshot.
      try (PreparedStatement p = c.prepareStatement(
          "DELETE FROM \"event_journal\" WHERE \"persistence_id\" = ? AND \"sequence_number\" <= ?")) {
        p.setString(1, BookIds.persistenceId(SYMBOL).id());
        p.setLong(2, snapshotSeq);
        assertTrue(p.executeUpdate() > 0);
      }
    }
    try (BookshardNode node = TestNodes.start(journal, settings)) {
      BookReply.RestingOrders after = resting(node);
      assertEquals(before, after);
      assertFalse(after.bids().isEmpty() && after.asks().isEmpty(), "the workload leaves orders resting");
      assertNextTradeGets(node, before);
    }
  }

  static String listSnapshots(Connection c) throws Exception {
    StringBuilder sb = new StringBuilder();
    try (PreparedStatement p = c.prepareStatement("SELECT \"sequence_number\" FROM \"snapshot\" ORDER BY 1");
        ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        sb.append(rs.getLong(1)).append(' ');
      }
    }
    return sb.toString();
  }

  static long count(Connection c, String sql) throws Exception {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, BookIds.persistenceId(SYMBOL).id());
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
