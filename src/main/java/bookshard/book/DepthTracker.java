package bookshard.book;

import bookshard.book.BookEvent.OrderCancelled;
import bookshard.book.BookEvent.OrderReduced;
import bookshard.book.BookEvent.OrderReplaced;
import bookshard.book.BookEvent.OrderRested;
import bookshard.book.BookEvent.TradeExecuted;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Follows a book event by event and reports which aggregated (L2) levels changed: the market
 * data a depth feed publishes. Only levels whose quantity or order count differs from what was
 * last reported are reported; a level that emptied is reported with quantity 0.
 */
public final class DepthTracker {
  /** A level's new state; {@code quantityLots == 0} means the level is gone. */
  public record LevelChange(Side side, long priceTicks, long quantityLots, int orderCount) {}

  private record Key(Side side, long priceTicks) {}

  private final OrderBook book;
  /** Touched levels and their state when last reported, in first-touched order. */
  private final Map<Key, LevelView> touched = new LinkedHashMap<>();

  public DepthTracker(OrderBook book) {
    this.book = book;
  }

  public OrderBook book() {
    return book;
  }

  public void apply(BookEvent event) {
    Key key = levelOf(event);
    if (key != null && !touched.containsKey(key)) {
      touched.put(key, book.level(key.side(), key.priceTicks()));
    }
    book.apply(event);
    if (event instanceof OrderRested r) {
      OrderView o = book.order(r.orderId());
      Key rested = new Key(o.side(), o.priceTicks());
      if (!touched.containsKey(rested)) {
        // Before this event the order was not on the level: its old state excludes it.
        LevelView now = book.level(o.side(), o.priceTicks());
        touched.put(rested, now.orderCount() == 1 ? null
            : new LevelView(now.priceTicks(), now.quantityLots() - o.remainingLots(), now.orderCount() - 1));
      }
    }
  }

  /** The level an event takes quantity from, read before it is applied; null if none. */
  private Key levelOf(BookEvent event) {
    if (event instanceof TradeExecuted t) {
      return new Key(t.takerSide().opposite(), t.priceTicks());
    }
    long orderId = event instanceof OrderCancelled c ? c.orderId()
        : event instanceof OrderReduced r ? r.orderId()
        : event instanceof OrderReplaced r ? r.orderId()
        : 0;
    OrderView o = orderId == 0 ? null : book.order(orderId);
    return o == null ? null : new Key(o.side(), o.priceTicks());
  }

  /** The levels that changed since the last call, in the order they were first touched. */
  public List<LevelChange> drainChanges() {
    List<LevelChange> out = new ArrayList<>(touched.size());
    for (var e : touched.entrySet()) {
      Key k = e.getKey();
      LevelView before = e.getValue();
      LevelView now = book.level(k.side(), k.priceTicks());
      if (!Objects.equals(before, now)) {
        out.add(now == null ? new LevelChange(k.side(), k.priceTicks(), 0, 0)
            : new LevelChange(k.side(), k.priceTicks(), now.quantityLots(), now.orderCount()));
      }
    }
    touched.clear();
    return out;
  }
}
