package bookshard.protocol;

import bookshard.book.BookEvent;
import java.util.List;

/**
 * Events of one journal write of a book, published once they are durable: the first at
 * {@code firstSequenceNr}, the others following it one by one.
 */
public record BookEventsPublished(String symbol, long firstSequenceNr, List<BookEvent> events) {
  /** The pub-sub topic a book's durable events are published on. */
  public static String topic(String symbol) {
    return "book-events-" + symbol;
  }
}
