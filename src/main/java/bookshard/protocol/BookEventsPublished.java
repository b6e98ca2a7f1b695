package bookshard.protocol;

import bookshard.book.EventBatch;

/** One journal write of a book, published once it is durable: row {@code sequenceNr} of its journal. */
public record BookEventsPublished(String symbol, long sequenceNr, EventBatch batch) {
  /** The pub-sub topic a book's durable events are published on. */
  public static String topic(String symbol) {
    return "book-events-" + symbol;
  }
}
