package bookshard.codec;

import bookshard.book.BookEvent;
import bookshard.book.BookState;
import bookshard.book.NewOrder;
import bookshard.book.OrderType;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The bytes of today's schema, frozen: {@code src/test/resources/fixtures/journal-v1.txt} holds
 * one line per journal row ({@code manifest base64}). It was written once by {@link #main} and is
 * never regenerated; {@code FixtureJournalTest} decodes it forever, so a schema change that
 * cannot read old journals fails the build.
 */
public final class FixtureJournal {
  static final Path FILE = Path.of("src/test/resources/fixtures/journal-v1.txt");

  private FixtureJournal() {}

  /**
   * The events the fixture's rows hold, as they read today: written before events named their
   * orders, so trades have no clientOrderIds or done flags and cancels, reduces and replaces no owner.
   */
  static final List<BookEvent> EVENTS = List.of(
      new BookEvent.OrderAccepted(1, "alice", "c-1", Side.SELL, OrderType.LIMIT, TimeInForce.POST_ONLY, 100, 7, 11),
      new BookEvent.OrderAccepted(2, "bob", null, Side.BUY, OrderType.MARKET, TimeInForce.FOK, 0, 3, 12),
      new BookEvent.TradeExecuted(1, 100, 3, 1, 2, "alice", "bob", Side.BUY, 12, null, null, false, false),
      new BookEvent.OrderRested(1),
      new BookEvent.OrderCancelled(1, 4, bookshard.book.CancelReason.SELF_TRADE_PREVENTION, 13, null, null),
      new BookEvent.OrderCancelled(2, 1, bookshard.book.CancelReason.UNFILLED_REMAINDER, 13, null, null),
      new BookEvent.OrderCancelled(3, 2, bookshard.book.CancelReason.USER, 14, null, null),
      new BookEvent.OrderReduced(4, 2, 15, null, null, Side.BUY, 0),
      new BookEvent.OrderReplaced(5, 99, 8, 16, null, null, Side.BUY));

  /** The book the fixture's snapshot holds: deterministic, so the test can rebuild it. */
  static BookState fixtureBook() {
    BookState state = BookState.empty(10);
    String[] accounts = {"alice", "bob", "carol"};
    for (int i = 0; i < 60; i++) {
      List<BookEvent> events = new ArrayList<>();
      Side side = i % 2 == 0 ? Side.BUY : Side.SELL;
      state.book().place(new NewOrder(accounts[i % 3], i % 4 == 0 ? "fx-" + i : null, side, OrderType.LIMIT,
          i % 5 == 0 ? TimeInForce.POST_ONLY : TimeInForce.GTC, 98 + (i * 7) % 5, 1 + i % 4), 1_700_000_000_000L + i, events);
      events.forEach(state::apply);
    }
    return state;
  }

  public static void main(String[] args) throws Exception {
    if (Files.exists(FILE)) {
      throw new IllegalStateException(FILE + " exists; the fixture is written once and never again");
    }
    StringBuilder sb = new StringBuilder();
    for (BookEvent e : EVENTS) {
      sb.append(BookSerializer.EVENT_V1).append(' ').append(Base64.getEncoder().encodeToString(EventCodec.encode(e))).append('\n');
    }
    sb.append(BookSerializer.SNAPSHOT_V1).append(' ')
        .append(Base64.getEncoder().encodeToString(SnapshotCodec.encode(fixtureBook()))).append('\n');
    Files.writeString(FILE, sb.toString(), StandardCharsets.US_ASCII);
  }
}
