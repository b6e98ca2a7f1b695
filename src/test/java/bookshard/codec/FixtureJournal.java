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
    for (BookEvent e : CodecTest.EVERY_EVENT) {
      sb.append(BookSerializer.EVENT_V1).append(' ').append(Base64.getEncoder().encodeToString(EventCodec.encode(e))).append('\n');
    }
    sb.append(BookSerializer.SNAPSHOT_V1).append(' ')
        .append(Base64.getEncoder().encodeToString(SnapshotCodec.encode(fixtureBook()))).append('\n');
    Files.writeString(FILE, sb.toString(), StandardCharsets.US_ASCII);
  }
}
