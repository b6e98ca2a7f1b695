package bookshard.book;

import bookshard.book.BookEvent.OrderAccepted;
import bookshard.book.BookEvent.OrderCancelled;
import bookshard.book.BookEvent.OrderReduced;
import bookshard.book.BookEvent.OrderReplaced;
import bookshard.book.BookEvent.OrderRested;
import bookshard.book.BookEvent.TradeExecuted;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A book's aggregated (L2) levels and nothing else: what the depth and best-bid-offer streams
 * show. It follows the book's events, which say where each order they move is (side, price,
 * quantities; {@link BookEvent#locatesOrders}), so a reader keeps a book's depth without a copy
 * of its orders: memory per level, not per order.
 *
 * <p>Rows written before events said so name an order by its id alone. Unless it starts from a
 * snapshot written since (which says so), until the first event that locates its order
 * arrives, this keeps where every live order is ({@link OrderLocations}, filled from the
 * snapshot it started from) and reads the old events through it; after that, rows are all of
 * the new kind (a book has one writer) and the locations are dropped.
 */
public final class DepthBook {
  private final TreeMap<Long, long[]> bids = new TreeMap<>(Comparator.reverseOrder());
  private final TreeMap<Long, long[]> asks = new TreeMap<>();
  /** Where each live order is, while events may still be of the old kind; null after. */
  private OrderLocations legacy;

  /** An empty book, whose first rows may be of any kind (a journal read from its start). */
  public DepthBook() {
    this(true);
  }

  /** {@code rowsMayBeOld}: false when what follows is known to locate its orders (a snapshot of this version). */
  public DepthBook(boolean rowsMayBeOld) {
    legacy = rowsMayBeOld ? new OrderLocations() : null;
  }

  /** Adds an order from a snapshot: on a level ({@code onLevel}), or off the book (a waiting stop). */
  public void add(long orderId, Side side, long priceTicks, long remainingLots, boolean onLevel) {
    if (onLevel) {
      change(side, priceTicks, remainingLots, 1, null);
    }
    if (legacy != null) {
      legacy.put(orderId, side, priceTicks, remainingLots, onLevel);
    }
  }

  /** Hears of each level an event is about to change, before it changes. */
  interface LevelWatcher {
    void beforeChange(Side side, long priceTicks);
  }

  public void apply(BookEvent event) {
    apply(event, null);
  }

  /** Applies {@code event}, telling {@code watcher} (if any) of each level before it changes. */
  void apply(BookEvent event, LevelWatcher watcher) {
    if (legacy != null) {
      if (movesLocatedOrder(event)) {
        legacy = null;
      } else {
        event = legacy.locate(event);
      }
    }
    if (event instanceof TradeExecuted t) {
      if (!BookEvent.locatesOrders(t)) {
        throw unlocated(t);
      }
      change(t.takerSide().opposite(), t.priceTicks(), -t.quantityLots(), t.makerDone() ? -1 : 0, watcher);
    } else if (event instanceof OrderRested r) {
      if (r.side() == null) {
        throw unlocated(r);
      }
      change(r.side(), r.priceTicks(), r.remainingLots(), 1, watcher);
    } else if (event instanceof OrderCancelled c) {
      if (c.side() == null) {
        throw unlocated(c);
      }
      if (c.leftLevel()) {
        change(c.side(), c.priceTicks(), -c.cancelledLots(), -1, watcher);
      }
    } else if (event instanceof OrderReduced r) {
      if (r.previousRemainingLots() == 0) {
        throw unlocated(r);
      }
      change(r.side(), r.priceTicks(), r.remainingLots() - r.previousRemainingLots(), 0, watcher);
    } else if (event instanceof OrderReplaced r) {
      if (r.previousRemainingLots() == 0) {
        throw unlocated(r);
      }
      change(r.side(), r.previousPriceTicks(), -r.previousRemainingLots(), -1, watcher);
    }
  }

  /** A rest, cancel, reduce or replace that says where its order is: rows from here on all do. */
  private static boolean movesLocatedOrder(BookEvent e) {
    return (e instanceof OrderRested || e instanceof OrderCancelled || e instanceof OrderReduced
        || e instanceof OrderReplaced) && BookEvent.locatesOrders(e);
  }

  private static IllegalStateException unlocated(BookEvent e) {
    return new IllegalStateException("an event of a row written before events located their orders, after newer"
        + " rows: " + e + "; follow the book again from its latest snapshot");
  }

  private void change(Side side, long priceTicks, long lots, int orders, LevelWatcher watcher) {
    if (watcher != null) {
      watcher.beforeChange(side, priceTicks);
    }
    TreeMap<Long, long[]> levels = side == Side.BUY ? bids : asks;
    long[] level = levels.computeIfAbsent(priceTicks, p -> new long[2]);
    level[0] += lots;
    level[1] += orders;
    if (level[1] <= 0) {
      levels.remove(priceTicks);
    }
  }

  /** The aggregated level at this price, or null if none rests there. */
  public LevelView level(Side side, long priceTicks) {
    long[] l = (side == Side.BUY ? bids : asks).get(priceTicks);
    return l == null ? null : new LevelView(priceTicks, l[0], (int) l[1]);
  }

  /** The best {@code depth} levels of a side, best first. */
  public List<LevelView> depth(Side side, int depth) {
    TreeMap<Long, long[]> levels = side == Side.BUY ? bids : asks;
    List<LevelView> out = new ArrayList<>(Math.min(depth, levels.size()));
    for (Map.Entry<Long, long[]> e : levels.entrySet()) {
      if (out.size() == depth) {
        break;
      }
      out.add(new LevelView(e.getKey(), e.getValue()[0], (int) e.getValue()[1]));
    }
    return out;
  }

  /** Every level of a side, best first. */
  public List<LevelView> depth(Side side) {
    return depth(side, Integer.MAX_VALUE);
  }

  /**
   * Where each live order is (side, price, remaining, on a level or not), kept from the events
   * themselves: what an event of an old row leaves out. Only while such rows may come.
   */
  private static final class OrderLocations {
    private static final class Located {
      Side side;
      long priceTicks;
      long remainingLots;
      boolean onLevel;
    }

    private final LongMap<Located> orders = new LongMap<>(1024);

    void put(long orderId, Side side, long priceTicks, long remainingLots, boolean onLevel) {
      Located o = new Located();
      o.side = side;
      o.priceTicks = priceTicks;
      o.remainingLots = remainingLots;
      o.onLevel = onLevel;
      orders.put(orderId, o);
    }

    /** The event with what it leaves out filled in, without changing the locations. */
    private BookEvent peek(BookEvent e) {
      if (e instanceof TradeExecuted t) {
        Located maker = orders.get(t.makerOrderId());
        Located taker = orders.get(t.takerOrderId());
        return new TradeExecuted(t.matchId(), t.priceTicks(), t.quantityLots(), t.makerOrderId(), t.takerOrderId(),
            t.makerAccount(), t.takerAccount(), t.takerSide(), t.timestampMillis(), t.makerClientOrderId(),
            t.takerClientOrderId(), maker.remainingLots == t.quantityLots(), taker.remainingLots == t.quantityLots());
      } else if (e instanceof OrderRested r) {
        Located o = orders.get(r.orderId());
        return new OrderRested(r.orderId(), o.side, o.priceTicks, o.remainingLots);
      } else if (e instanceof OrderCancelled c) {
        Located o = orders.get(c.orderId());
        return new OrderCancelled(c.orderId(), c.cancelledLots(), c.reason(), c.timestampMillis(), c.account(),
            c.clientOrderId(), o.side, o.priceTicks, o.onLevel);
      } else if (e instanceof OrderReduced r) {
        Located o = orders.get(r.orderId());
        return new OrderReduced(r.orderId(), r.remainingLots(), r.timestampMillis(), r.account(), r.clientOrderId(),
            o.side, o.priceTicks, o.remainingLots);
      } else if (e instanceof OrderReplaced r) {
        Located o = orders.get(r.orderId());
        return new OrderReplaced(r.orderId(), r.priceTicks(), r.remainingLots(), r.timestampMillis(), r.account(),
            r.clientOrderId(), o.side, o.priceTicks, o.remainingLots);
      }
      return e;
    }

    /** {@link #peek}, then the locations moved on past the event. */
    BookEvent locate(BookEvent e) {
      BookEvent located = peek(e);
      if (e instanceof OrderAccepted a) {
        put(a.orderId(), a.side(), a.priceTicks(), a.quantityLots(), false);
      } else if (located instanceof TradeExecuted t) {
        fill(t.makerOrderId(), t.quantityLots());
        fill(t.takerOrderId(), t.quantityLots());
      } else if (located instanceof OrderRested r) {
        orders.get(r.orderId()).onLevel = true;
      } else if (located instanceof OrderCancelled c) {
        orders.remove(c.orderId());
      } else if (located instanceof OrderReduced r) {
        orders.get(r.orderId()).remainingLots = r.remainingLots();
      } else if (located instanceof OrderReplaced r) {
        Located o = orders.get(r.orderId());
        o.priceTicks = r.priceTicks();
        o.remainingLots = r.remainingLots();
        o.onLevel = false;
      }
      return located;
    }

    private void fill(long orderId, long lots) {
      Located o = orders.get(orderId);
      o.remainingLots -= lots;
      if (o.remainingLots == 0) {
        orders.remove(orderId);
      }
    }
  }
}
