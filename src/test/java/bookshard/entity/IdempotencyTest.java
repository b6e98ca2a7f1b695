package bookshard.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.book.NewOrder;
import bookshard.book.OrderStatus;
import bookshard.book.OrderType;
import bookshard.book.RejectReason;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import bookshard.node.BookshardNode;
import bookshard.protocol.BookIds;
import bookshard.protocol.BookReply;
import bookshard.protocol.BookRequest;
import bookshard.support.Backend;
import bookshard.support.TestNodes;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A retried submission gets its original result, even after the order finished and a restart. */
class IdempotencyTest {
  private static final String SYMBOL = "IDEM-1";

  @TempDir Path dir;

  private static BookReply place(BookshardNode node, NewOrder o) throws Exception {
    return node.books().send(SYMBOL, new BookRequest.Place(o)).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static NewOrder limit(String account, String clientOrderId, Side side, long price, long qty) {
    return new NewOrder(account, clientOrderId, side, OrderType.LIMIT, TimeInForce.GTC, price, qty);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void retriesReturnTheOriginalResultAcrossRestarts(Backend backend) throws Exception {
    Config journal = backend.freshJournal(dir);
    String settings = "bookshard.book.snapshot-every = 3\nbookshard.book.snapshot-ratio = 0";
    NewOrder taker = limit("bob", "b-1", Side.BUY, 100, 10);
    NewOrder resting = limit("bob", "b-2", Side.BUY, 90, 5);
    BookReply.Accepted filled;
    BookReply.Accepted rested;
    try (BookshardNode node = TestNodes.start(journal, settings)) {
      place(node, limit("alice", null, Side.SELL, 100, 10));
      filled = (BookReply.Accepted) place(node, taker);
      assertEquals(OrderStatus.FILLED, filled.outcome().status());
      assertEquals(1, filled.outcome().fills().get(0).matchId());
      rested = (BookReply.Accepted) place(node, resting);
      assertEquals(OrderStatus.RESTING, rested.outcome().status());

      BookReply.Accepted again = (BookReply.Accepted) place(node, taker);
      assertTrue(again.duplicate());
      assertEquals(filled.outcome(), again.outcome(), "the original fills, not a second order");
      assertEquals(new BookReply.Rejected(RejectReason.DUPLICATE_CLIENT_ORDER_ID),
          place(node, limit("bob", "b-1", Side.BUY, 101, 10)));
      // A later partial fill of b-2 does not change what its submission returned.
      place(node, limit("carol", null, Side.SELL, 90, 2));
      assertEquals(rested.outcome(), ((BookReply.Accepted) place(node, resting)).outcome());
      assertEquals(5, RecoveryTest.resting(node, SYMBOL).nextOrderId(), "four orders; retries placed nothing");
      Thread.sleep(500);
    }
    // Only the snapshot can remember b-1 and b-2 once the events it covers are gone.
    try (Connection c = Backend.connect(journal);
        PreparedStatement p = c.prepareStatement(
            "DELETE FROM \"event_journal\" WHERE \"persistence_id\" = ? AND \"sequence_number\" <= "
                + "(SELECT MAX(\"sequence_number\") FROM \"snapshot\" WHERE \"persistence_id\" = ?)")) {
      p.setString(1, BookIds.persistenceId(SYMBOL).id());
      p.setString(2, BookIds.persistenceId(SYMBOL).id());
      assertTrue(p.executeUpdate() >= 3, "the snapshot covers both submissions (a row per write)");
    }
    try (BookshardNode node = TestNodes.start(journal, settings)) {
      BookReply.Accepted afterRestart = (BookReply.Accepted) place(node, taker);
      assertTrue(afterRestart.duplicate());
      assertEquals(filled.outcome(), afterRestart.outcome());
      assertEquals(rested.outcome(), ((BookReply.Accepted) place(node, resting)).outcome());
      BookReply.RestingOrders book = RecoveryTest.resting(node, SYMBOL);
      assertEquals(5, book.nextOrderId());
      assertEquals(3, book.nextMatchId(), "two trades, none repeated");
    }
  }
}
