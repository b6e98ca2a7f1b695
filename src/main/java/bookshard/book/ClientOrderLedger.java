package bookshard.book;

import bookshard.book.BookEvent.OrderAccepted;
import bookshard.book.BookEvent.OrderCancelled;
import bookshard.book.BookEvent.OrderRested;
import bookshard.book.BookEvent.TradeExecuted;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each recent submission with a {@code clientOrderId} got back, so that a client that
 * retries (because a reply was lost to a timeout, a crash or a failover) receives the original
 * result instead of placing the order twice. Built from the journal's events alone, so it is
 * the same after replay, and bounded: the oldest entries go first.
 */
public final class ClientOrderLedger {
  /** The submission as it was accepted, and the result it got. */
  public record Entry(NewOrder order, Outcome outcome) {}

  private final int capacity;
  private final LinkedHashMap<String, Entry> entries;
  private OrderAccepted pending;
  private List<TradeExecuted> pendingFills;
  private long pendingFilledLots;

  public ClientOrderLedger(int capacity) {
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > ClientOrderLedger.this.capacity;
      }
    };
  }

  public int size() {
    return entries.size();
  }

  public Entry get(String account, String clientOrderId) {
    return entries.get(NewOrder.clientKey(account, clientOrderId));
  }

  /** Oldest first. */
  public List<Entry> entries() {
    return new ArrayList<>(entries.values());
  }

  public void restore(Entry e) {
    entries.put(NewOrder.clientKey(e.order().account(), e.order().clientOrderId()), e);
  }

  /** Follows the events of the book; a submission's result is complete when its order settles. */
  public void apply(BookEvent event) {
    if (event instanceof OrderAccepted a) {
      if (a.clientOrderId() != null) {
        pending = a;
        pendingFills = new ArrayList<>(2);
        pendingFilledLots = 0;
      }
      return;
    }
    if (pending == null) {
      return;
    }
    long id = pending.orderId();
    if (event instanceof TradeExecuted t && t.takerOrderId() == id) {
      pendingFills.add(t);
      pendingFilledLots += t.quantityLots();
      if (pendingFilledLots == pending.quantityLots()) {
        settle(OrderStatus.FILLED, 0);
      }
    } else if (event instanceof OrderRested r && r.orderId() == id) {
      settle(pendingFilledLots > 0 ? OrderStatus.PARTIALLY_FILLED_RESTING : OrderStatus.RESTING,
          pending.quantityLots() - pendingFilledLots);
    } else if (event instanceof OrderCancelled c && c.orderId() == id) {
      settle(OrderStatus.CANCELLED, 0);
    } else if (event instanceof BookEvent.StopWaiting w && w.orderId() == id) {
      settle(OrderStatus.STOP_WAITING, pending.quantityLots());
    }
  }

  private void settle(OrderStatus status, long remainingLots) {
    OrderAccepted a = pending;
    entries.put(NewOrder.clientKey(a.account(), a.clientOrderId()), new Entry(
        new NewOrder(a.account(), a.clientOrderId(), a.side(), a.type(), a.timeInForce(), a.priceTicks(), a.quantityLots(),
            a.stopPriceTicks(), a.expireAtMillis()),
        new Outcome(a.orderId(), status, remainingLots, List.copyOf(pendingFills))));
    pending = null;
    pendingFills = null;
  }
}
