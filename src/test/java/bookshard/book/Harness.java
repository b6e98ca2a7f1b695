package bookshard.book;

import java.util.ArrayList;
import java.util.List;

/** Drives an {@link OrderBook} the way the entity does: decide, then apply the events. */
final class Harness {
  final OrderBook book = new OrderBook();
  final List<BookEvent> journal = new ArrayList<>();
  long clock = 1_000;

  record Result(RejectReason rejected, List<BookEvent> events, Outcome outcome) {
    long orderId() {
      return outcome.orderId();
    }

    OrderStatus status() {
      return outcome.status();
    }

    List<BookEvent.TradeExecuted> fills() {
      return outcome.fills();
    }
  }

  Result place(String account, Side side, OrderType type, TimeInForce tif, long price, long qty) {
    return place(new NewOrder(account, null, side, type, tif, price, qty));
  }

  Result limit(String account, Side side, long price, long qty) {
    return place(account, side, OrderType.LIMIT, TimeInForce.GTC, price, qty);
  }

  Result place(NewOrder o) {
    List<BookEvent> events = new ArrayList<>();
    long orderId = book.nextOrderId();
    return finish(book.place(o, ++clock, events), events, orderId);
  }

  Result cancel(String account, long orderId) {
    List<BookEvent> events = new ArrayList<>();
    return finish(book.cancel(orderId, account, ++clock, events), events, orderId);
  }

  Result amend(String account, long orderId, long price, long qty) {
    List<BookEvent> events = new ArrayList<>();
    return finish(book.amend(orderId, account, price, qty, ++clock, events), events, orderId);
  }

  private Result finish(RejectReason r, List<BookEvent> events, long orderId) {
    if (r != null) {
      if (!events.isEmpty()) {
        throw new AssertionError("rejected command emitted events: " + events);
      }
      return new Result(r, events, null);
    }
    events.forEach(book::apply);
    journal.addAll(events);
    Outcome outcome = Outcome.of(orderId, events, book);
    triggerStops();
    return new Result(null, events, outcome);
  }

  /** As the entity does after every command: the stops its trades reached, one by one. */
  void triggerStops() {
    EventBuffer b = new EventBuffer();
    while (book.triggerNext(clock, b)) {
      applyAll(b);
    }
  }

  /** As the entity does before every command: GTD orders whose time has come are cancelled. */
  void expire() {
    EventBuffer b = new EventBuffer();
    book.expire(clock, b);
    applyAll(b);
  }

  private void applyAll(EventBuffer b) {
    for (BookEvent e : book.events(b)) {
      book.apply(e);
      journal.add(e);
    }
    b.clear();
  }
}
