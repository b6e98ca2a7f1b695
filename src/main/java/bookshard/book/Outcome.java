package bookshard.book;

import bookshard.book.BookEvent.OrderCancelled;
import bookshard.book.BookEvent.TradeExecuted;
import java.util.ArrayList;
import java.util.List;

/** What one accepted command did to one order, read off its events and the book after them. */
public record Outcome(
    long orderId, OrderStatus status, long remainingLots, List<TradeExecuted> fills) {

  /** Call after {@code events} have been applied to {@code book}. */
  public static Outcome of(long orderId, List<BookEvent> events, OrderBook book) {
    List<TradeExecuted> fills = null;
    boolean cancelled = false;
    for (BookEvent e : events) {
      if (e instanceof TradeExecuted t && (t.takerOrderId() == orderId || t.makerOrderId() == orderId)) {
        if (fills == null) {
          fills = new ArrayList<>();
        }
        fills.add(t);
      } else if (e instanceof OrderCancelled c && c.orderId() == orderId) {
        cancelled = true;
      }
    }
    List<TradeExecuted> filled = fills == null ? List.of() : List.copyOf(fills);
    Order o = book.located(orderId);
    if (o != null && (o.level != null || o.waiting)) {
      return new Outcome(orderId, OrderStatus.ofLive(o.waiting, o.filledLots), o.remainingLots, filled);
    }
    return new Outcome(orderId, cancelled ? OrderStatus.CANCELLED : OrderStatus.FILLED, 0, filled);
  }
}
