package bookshard.entity;

import bookshard.book.BookEvent;
import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.ClientOrderLedger;
import bookshard.book.OrderBook;
import bookshard.book.RecentTrades;

/**
 * The entity's state: the book, its recent trades and the results of recent client order ids.
 * Mutable and owned by one actor; snapshots are encoded from the snapshotter's own copy.
 */
public final class BookState {
  private final OrderBook book;
  private final RecentTrades recentTrades;
  private final ClientOrderLedger clientOrders;
  /** Events the command handler applied ahead of their write; the event handler skips them. */
  private int appliedAhead;

  /** Client order ids remembered per book for idempotent retries. */
  public static final int CLIENT_ORDER_IDS = 100_000;

  public BookState(OrderBook book, RecentTrades recentTrades, ClientOrderLedger clientOrders) {
    this.book = book;
    this.recentTrades = recentTrades;
    this.clientOrders = clientOrders;
  }

  public static BookState empty(int recentTradeCapacity) {
    return new BookState(new OrderBook(), new RecentTrades(recentTradeCapacity), new ClientOrderLedger(CLIENT_ORDER_IDS));
  }

  public ClientOrderLedger clientOrders() {
    return clientOrders;
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
    clientOrders.apply(event);
    if (event instanceof TradeExecuted t) {
      recentTrades.add(t);
    }
    return this;
  }
}
