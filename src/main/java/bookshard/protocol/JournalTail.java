package bookshard.protocol;

import bookshard.book.EventBatch;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/** A book's journal from a row on: what was durable when asked, then what is written after. */
public interface JournalTail {
  /** One journal row: one write of the book, its events. */
  record Row(long sequenceNr, EventBatch batch) {}

  /** Every row after row {@code afterSequenceNr}, endlessly. */
  Source<Row, NotUsed> after(String symbol, long afterSequenceNr);
}
