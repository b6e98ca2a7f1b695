package bookshard.book;

import java.util.List;

/**
 * The events of one journal write of a book, in order: the first at event position
 * {@code firstPosition}, the others following it one by one. Positions number every event a
 * book ever journalled, gapless from 1; a journal row holds a whole batch, so its sequence
 * number counts writes, not events.
 *
 * <p>Rows written before batches held one event each, and then the event's position was the
 * row's sequence number; such a row reads as a batch with {@link #UNPLACED} position, which
 * {@link #placedAt} fixes once the sequence number is known.
 */
public record EventBatch(long firstPosition, List<BookEvent> events) {
  public static final long UNPLACED = 0;

  /** A row of the first journal schema: one event, positioned by its row. */
  public static EventBatch legacy(BookEvent event) {
    return new EventBatch(UNPLACED, List.of(event));
  }

  /** This batch with its position known, reading an old one-event row's as {@code sequenceNr}. */
  public EventBatch placedAt(long sequenceNr) {
    return firstPosition == UNPLACED ? new EventBatch(sequenceNr, events) : this;
  }

  public long lastPosition() {
    return firstPosition + events.size() - 1;
  }
}
