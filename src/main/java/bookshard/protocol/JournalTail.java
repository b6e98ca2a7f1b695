package bookshard.protocol;

import bookshard.book.EventBatch;
import bookshard.book.OrderBook;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/** A book's journal from a row on: what was durable when asked, then what is written after. */
public interface JournalTail {
  /** One journal row: one write of the book, its events. */
  record Row(long sequenceNr, EventBatch batch) {}

  /** The book as of row {@code afterSequenceNr}, and every row after it, endlessly. */
  record From(OrderBook book, Source<Row, NotUsed> rows) {}

  CompletionStage<From> after(String symbol, long afterSequenceNr);
}
