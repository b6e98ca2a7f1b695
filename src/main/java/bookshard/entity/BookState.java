package bookshard.entity;

import bookshard.book.BookEvent;
import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.OrderBook;
import bookshard.book.RecentTrades;

/**
 * The entity's state: the book and its recent trades. Mutable; the persistent actor stashes
 * commands while a snapshot of it is being written, so nothing changes under the encoder.
 */
public final class BookState {
  private final OrderBook book;
  private final RecentTrades recentTrades;
  /** Events the command handler applied ahead of their write; the event handler skips them. */
  private int appliedAhead;

  public BookState(OrderBook book, RecentTrades recentTrades) {
    this.book = book;
    this.recentTrades = recentTrades;
  }

  public static BookState empty(int recentTradeCapacity) {
    return new BookState(new OrderBook(), new RecentTrades(recentTradeCapacity));
  }

  public OrderBook book() {
    return book;
  }

  public RecentTrades recentTrades() {
    return recentTrades;
  }

  void alreadyApplied(int events) {
    appliedAhead += events;
  }

  /** The event handler: live, the events were applied when decided; in recovery, apply them now. */
  BookState applyPersisted(BookEvent event) {
    if (appliedAhead > 0) {
      appliedAhead--;
      return this;
    }
    return apply(event);
  }

  public BookState apply(BookEvent event) {
    book.apply(event);
    if (event instanceof TradeExecuted t) {
      recentTrades.add(t);
    }
    return this;
  }
}
