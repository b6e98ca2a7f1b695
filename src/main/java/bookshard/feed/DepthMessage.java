package bookshard.feed;

import bookshard.book.DepthTracker.LevelChange;
import bookshard.book.LevelView;
import java.util.List;

/**
 * What the depth stream sends: one full snapshot, then the levels each later journal event
 * changed. A client that applies the updates to the snapshot has the book's L2 depth as of the
 * message's {@code sequenceNr} (the journal sequence number, as in {@code GET /books/{symbol}}).
 */
public sealed interface DepthMessage {
  long sequenceNr();

  /** {@link bookshard.book.DepthChecksum} of the book after this message. */
  long checksum();

  /** Every level of the book, best first on each side. */
  record Snapshot(long sequenceNr, List<LevelView> bids, List<LevelView> asks, long checksum)
      implements DepthMessage {}

  /** New state of the levels that changed; quantity 0 removes a level. */
  record Update(long sequenceNr, List<LevelChange> changes, long checksum) implements DepthMessage {}
}
