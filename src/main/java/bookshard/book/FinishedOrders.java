package bookshard.book;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The book's most recently finished orders (filled or cancelled), so a client asking about an
 * order that just left the book gets its final state instead of "unknown". Built from the
 * journal's events alone (and kept in snapshots), so it is the same after a recovery; bounded:
 * the oldest go first. Older orders are in the account's history, read from the journal.
 */
public final class FinishedOrders {
  /** An order as it left the book: {@code order.remainingLots()} is what was left (0 if filled). */
  public record Finished(OrderView order, OrderStatus status, CancelReason reason, long finishedAtMillis) {}

  private final int capacity;
  private final LinkedHashMap<Long, Finished> byId;

  public FinishedOrders(int capacity) {
    this.capacity = capacity;
    this.byId = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Finished> eldest) {
        return size() > FinishedOrders.this.capacity;
      }
    };
  }

  public Finished get(long orderId) {
    return byId.get(orderId);
  }

  public int size() {
    return byId.size();
  }

  /** Oldest first. */
  public List<Finished> all() {
    return new ArrayList<>(byId.values());
  }

  public void add(Finished f) {
    byId.put(f.order().orderId(), f);
  }
}
