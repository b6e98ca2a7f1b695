package bookshard.book;

import bookshard.book.BookEvent.OrderAccepted;
import bookshard.book.BookEvent.OrderCancelled;
import bookshard.book.BookEvent.OrderReduced;
import bookshard.book.BookEvent.OrderReplaced;
import bookshard.book.BookEvent.OrderRested;
import bookshard.book.BookEvent.TradeExecuted;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One instrument's order book: price-time priority, trades at the maker's price, self-trade
 * prevention by cancelling the resting order.
 *
 * <p>Two halves. {@code place}, {@code cancel} and {@code amend} decide: they only read the
 * book and append the events the command causes (or return a reject reason and append
 * nothing). {@link #apply} is the only mutator. A caller applies the decided events in order,
 * which is exactly what replay does, so live and recovered books cannot differ.
 */
public final class OrderBook {
  private final BookSide bids = new BookSide(Side.BUY);
  private final BookSide asks = new BookSide(Side.SELL);
  private final LongMap<Order> orders = new LongMap<>(1024);
  private final Map<String, Order> byClientOrderId = new HashMap<>();
  private long nextOrderId = 1;
  private long nextMatchId = 1;
  /**
   * Finished orders, linked through {@code next}, reused for new ones: a long-lived book then
   * keeps a stable set of order objects instead of promoting a stream of new ones to the old
   * generation, which is what made garbage collection expensive.
   */
  private Order freeOrders;
  /** See {@link #find}: the order the current command is about, and the one looked up last. */
  private Order active;
  private Order recent;

  // ---------------------------------------------------------------- decide

  public RejectReason place(NewOrder o, long timestampMillis, List<BookEvent> out) {
    boolean market = o.type() == OrderType.MARKET;
    if (market) {
      if (o.priceTicks() != 0) {
        return RejectReason.INVALID_PRICE;
      }
      if (o.timeInForce() != TimeInForce.IOC && o.timeInForce() != TimeInForce.FOK) {
        return RejectReason.INVALID_TIME_IN_FORCE;
      }
    } else if (!Limits.validPrice(o.priceTicks())) {
      return RejectReason.INVALID_PRICE;
    }
    if (!Limits.validQuantity(o.quantityLots())) {
      return RejectReason.INVALID_QUANTITY;
    }
    if (o.clientOrderId() != null
        && byClientOrderId.containsKey(NewOrder.clientKey(o.account(), o.clientOrderId()))) {
      return RejectReason.DUPLICATE_CLIENT_ORDER_ID;
    }
    BookSide opposite = sideOf(o.side().opposite());
    if (o.timeInForce() == TimeInForce.POST_ONLY && wouldCross(o.side(), o.priceTicks(), opposite)) {
      return RejectReason.WOULD_TAKE_LIQUIDITY;
    }
    if (o.timeInForce() == TimeInForce.FOK
        && fillableLots(o.account(), o.side(), market, o.priceTicks(), o.quantityLots(), opposite)
            < o.quantityLots()) {
      return RejectReason.FOK_NOT_FILLABLE;
    }
    long orderId = nextOrderId;
    out.add(
        new OrderAccepted(
            orderId, o.account(), o.clientOrderId(), o.side(), o.type(), o.timeInForce(),
            o.priceTicks(), o.quantityLots(), timestampMillis));
    long remaining =
        match(orderId, o.account(), o.side(), market, o.priceTicks(), o.quantityLots(),
            timestampMillis, opposite, out);
    if (remaining > 0) {
      if (market || o.timeInForce() == TimeInForce.IOC || o.timeInForce() == TimeInForce.FOK) {
        out.add(new OrderCancelled(orderId, remaining, CancelReason.UNFILLED_REMAINDER, timestampMillis));
      } else {
        out.add(new OrderRested(orderId));
      }
    }
    return null;
  }

  public RejectReason cancel(long orderId, String account, long timestampMillis, List<BookEvent> out) {
    Order o = find(orderId);
    if (o == null || o.level == null) {
      return RejectReason.UNKNOWN_ORDER;
    }
    if (!o.account.equals(account)) {
      return RejectReason.NOT_ORDER_OWNER;
    }
    out.add(new OrderCancelled(orderId, o.remainingLots, CancelReason.USER, timestampMillis));
    return null;
  }

  /**
   * Lowering the remaining quantity at the same price keeps priority; any other change replaces
   * the order, which then loses priority and may trade. {@code newPriceTicks} 0 keeps the price.
   * An amend that changes nothing is accepted and writes nothing.
   */
  public RejectReason amend(
      long orderId, String account, long newPriceTicks, long newRemainingLots, long timestampMillis,
      List<BookEvent> out) {
    Order o = find(orderId);
    if (o == null || o.level == null) {
      return RejectReason.UNKNOWN_ORDER;
    }
    if (!o.account.equals(account)) {
      return RejectReason.NOT_ORDER_OWNER;
    }
    long price = newPriceTicks == 0 ? o.priceTicks : newPriceTicks;
    if (!Limits.validPrice(price)) {
      return RejectReason.INVALID_PRICE;
    }
    if (!Limits.validQuantity(newRemainingLots)) {
      return RejectReason.INVALID_QUANTITY;
    }
    if (price == o.priceTicks) {
      if (newRemainingLots == o.remainingLots) {
        return null;
      }
      if (newRemainingLots < o.remainingLots) {
        out.add(new OrderReduced(orderId, newRemainingLots, timestampMillis));
        return null;
      }
    }
    BookSide opposite = sideOf(o.side.opposite());
    if (o.timeInForce == TimeInForce.POST_ONLY && wouldCross(o.side, price, opposite)) {
      return RejectReason.WOULD_TAKE_LIQUIDITY;
    }
    out.add(new OrderReplaced(orderId, price, newRemainingLots, timestampMillis));
    long remaining =
        match(orderId, o.account, o.side, false, price, newRemainingLots, timestampMillis, opposite, out);
    if (remaining > 0) {
      out.add(new OrderRested(orderId));
    }
    return null;
  }

  private long match(
      long takerId, String takerAccount, Side takerSide, boolean market, long limitPriceTicks,
      long quantityLots, long timestampMillis, BookSide opposite, List<BookEvent> out) {
    long remaining = quantityLots;
    long matchId = nextMatchId;
    for (int i = 0; remaining > 0; i++) {
      Level level = opposite.levelFromBest(i);
      if (level == null || !(market || BookSide.crosses(takerSide, limitPriceTicks, level.priceTicks))) {
        break;
      }
      for (Order maker = level.head; maker != null && remaining > 0; maker = maker.next) {
        if (maker.account.equals(takerAccount)) {
          out.add(new OrderCancelled(
              maker.orderId, maker.remainingLots, CancelReason.SELF_TRADE_PREVENTION, timestampMillis));
          continue;
        }
        long lots = Math.min(remaining, maker.remainingLots);
        out.add(new TradeExecuted(
            matchId++, level.priceTicks, lots, maker.orderId, takerId, maker.account, takerAccount,
            takerSide, timestampMillis));
        remaining -= lots;
      }
    }
    return remaining;
  }

  private static boolean wouldCross(Side side, long priceTicks, BookSide opposite) {
    Level best = opposite.best();
    return best != null && BookSide.crosses(side, priceTicks, best.priceTicks);
  }

  /** Lots a taker could fill now; orders of its own account give none (they would be cancelled). */
  private static long fillableLots(
      String account, Side side, boolean market, long priceTicks, long wanted, BookSide opposite) {
    long fillable = 0;
    for (int i = 0; fillable < wanted; i++) {
      Level level = opposite.levelFromBest(i);
      if (level == null || !(market || BookSide.crosses(side, priceTicks, level.priceTicks))) {
        break;
      }
      for (Order o = level.head; o != null && fillable < wanted; o = o.next) {
        if (!o.account.equals(account)) {
          fillable += o.remainingLots;
        }
      }
    }
    return fillable;
  }

  // ---------------------------------------------------------------- apply

  public void apply(BookEvent event) {
    if (event instanceof TradeExecuted t) {
      applyTrade(t);
    } else if (event instanceof OrderAccepted a) {
      applyAccepted(a);
    } else if (event instanceof OrderRested r) {
      Order o = live(r.orderId());
      sideOf(o.side).getOrCreate(o.priceTicks).append(o);
    } else if (event instanceof OrderCancelled c) {
      Order o = live(c.orderId());
      if (o.level != null) {
        leaveLevel(o);
      }
      forget(o);
    } else if (event instanceof OrderReduced r) {
      Order o = live(r.orderId());
      o.level.totalLots -= o.remainingLots - r.remainingLots();
      o.remainingLots = r.remainingLots();
      o.quantityLots = o.filledLots + o.remainingLots;
    } else if (event instanceof OrderReplaced r) {
      Order o = live(r.orderId());
      active = o;
      leaveLevel(o);
      o.priceTicks = r.priceTicks();
      o.remainingLots = r.remainingLots();
      o.quantityLots = o.filledLots + o.remainingLots;
      o.timestampMillis = r.timestampMillis();
    } else {
      throw new IllegalArgumentException("unknown event " + event);
    }
  }

  private Order newOrder() {
    Order o = freeOrders;
    if (o == null) {
      return new Order();
    }
    freeOrders = o.next;
    o.next = null;
    o.filledLots = 0;
    return o;
  }

  private void applyAccepted(OrderAccepted a) {
    if (a.orderId() != nextOrderId) {
      throw new IllegalStateException("order id " + a.orderId() + " but next is " + nextOrderId);
    }
    Order o = newOrder();
    o.orderId = a.orderId();
    o.account = a.account();
    o.clientOrderId = a.clientOrderId();
    o.side = a.side();
    o.type = a.type();
    o.timeInForce = a.timeInForce();
    o.priceTicks = a.priceTicks();
    o.quantityLots = a.quantityLots();
    o.remainingLots = a.quantityLots();
    o.timestampMillis = a.timestampMillis();
    remember(o);
    active = o;
    nextOrderId++;
  }

  private void applyTrade(TradeExecuted t) {
    if (t.matchId() != nextMatchId) {
      throw new IllegalStateException("match id " + t.matchId() + " but next is " + nextMatchId);
    }
    Order maker = live(t.makerOrderId());
    Order taker = live(t.takerOrderId());
    long lots = t.quantityLots();
    if (lots <= 0 || lots > maker.remainingLots || lots > taker.remainingLots) {
      throw new IllegalStateException("trade " + t.matchId() + " overfills");
    }
    maker.level.totalLots -= lots;
    maker.remainingLots -= lots;
    maker.filledLots += lots;
    if (maker.remainingLots == 0) {
      leaveLevel(maker);
      forget(maker);
    }
    taker.remainingLots -= lots;
    taker.filledLots += lots;
    if (taker.remainingLots == 0) {
      forget(taker);
    }
    nextMatchId++;
  }

  private Order live(long orderId) {
    Order o = find(orderId);
    if (o == null) {
      throw new IllegalStateException("event for unknown order " + orderId);
    }
    return o;
  }

  /**
   * The order with this id, or null. Most of a command's events name the order it was about
   * (accepted or replaced: {@code active}) or the one just looked up ({@code recent}): a move is
   * decided, replaced and rested, three lookups of one id, and in a million-order index each
   * lookup is a cache miss. Both are cleared when their order is forgotten (orders are reused).
   */
  private Order find(long orderId) {
    Order a = active;
    if (a != null && a.orderId == orderId) {
      return a;
    }
    Order r = recent;
    if (r != null && r.orderId == orderId) {
      return r;
    }
    Order o = orders.get(orderId);
    if (o != null) {
      recent = o;
    }
    return o;
  }

  private void leaveLevel(Order o) {
    Level level = o.level;
    level.unlink(o);
    if (level.isEmpty()) {
      sideOf(o.side).remove(level);
    }
  }

  private void remember(Order o) {
    orders.put(o.orderId, o);
    if (o.clientOrderId != null) {
      byClientOrderId.put(NewOrder.clientKey(o.account, o.clientOrderId), o);
    }
  }

  private void forget(Order o) {
    if (active == o) {
      active = null;
    }
    if (recent == o) {
      recent = null;
    }
    orders.remove(o.orderId);
    if (o.clientOrderId != null) {
      byClientOrderId.remove(NewOrder.clientKey(o.account, o.clientOrderId));
    }
    o.account = null;
    o.clientOrderId = null;
    o.prev = null;
    o.level = null;
    o.next = freeOrders;
    freeOrders = o;
  }

  private BookSide sideOf(Side side) {
    return side == Side.BUY ? bids : asks;
  }

  // ---------------------------------------------------------------- read

  /** The resting order, or null if it is not on the book (unknown or finished). */
  public OrderView order(long orderId) {
    Order o = orders.get(orderId);
    return o == null || o.level == null ? null : o.view();
  }

  public OrderView orderByClientOrderId(String account, String clientOrderId) {
    Order o = byClientOrderId.get(NewOrder.clientKey(account, clientOrderId));
    return o == null || o.level == null ? null : o.view();
  }

  /** Aggregated levels from the best price outwards, at most {@code depth} of them. */
  public List<LevelView> depth(Side side, int depth) {
    BookSide s = sideOf(side);
    int n = Math.min(depth, s.levelCount());
    List<LevelView> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Level l = s.levelFromBest(i);
      out.add(new LevelView(l.priceTicks, l.totalLots, l.orderCount));
    }
    return out;
  }

  /** The aggregated level at this price, or null if none rests there. */
  public LevelView level(Side side, long priceTicks) {
    Level l = sideOf(side).find(priceTicks);
    return l == null ? null : new LevelView(l.priceTicks, l.totalLots, l.orderCount);
  }

  /** Every level of a side, best first. */
  public List<LevelView> depth(Side side) {
    return depth(side, Integer.MAX_VALUE);
  }

  /** Every resting order of a side in priority order: best level first, FIFO inside it. */
  public List<OrderView> restingOrders(Side side) {
    return restingOrders(side, null, Integer.MAX_VALUE);
  }

  /** As {@link #restingOrders(Side)}, only {@code account}'s (all if null), at most {@code limit}. */
  public List<OrderView> restingOrders(Side side, String account, int limit) {
    BookSide s = sideOf(side);
    List<OrderView> out = new ArrayList<>();
    for (int i = 0; i < s.levelCount() && out.size() < limit; i++) {
      for (Order o = s.levelFromBest(i).head; o != null && out.size() < limit; o = o.next) {
        if (account == null || account.equals(o.account)) {
          out.add(o.view());
        }
      }
    }
    return out;
  }

  public int restingOrderCount() {
    return orders.size();
  }

  public long nextOrderId() {
    return nextOrderId;
  }

  public long nextMatchId() {
    return nextMatchId;
  }

  public long lastMatchId() {
    return nextMatchId - 1;
  }

  // ---------------------------------------------------------------- snapshot

  /** Rebuilds a book from its resting orders in priority order (as {@link #restingOrders}). */
  public static OrderBook restore(long nextOrderId, long nextMatchId, Iterable<OrderView> resting) {
    OrderBook book = new OrderBook();
    book.nextOrderId = nextOrderId;
    book.nextMatchId = nextMatchId;
    for (OrderView v : resting) {
      Order o = new Order();
      o.orderId = v.orderId();
      o.account = v.account();
      o.clientOrderId = v.clientOrderId();
      o.side = v.side();
      o.type = v.type();
      o.timeInForce = v.timeInForce();
      o.priceTicks = v.priceTicks();
      o.quantityLots = v.quantityLots();
      o.remainingLots = v.remainingLots();
      o.filledLots = v.filledLots();
      o.timestampMillis = v.timestampMillis();
      if (o.orderId >= nextOrderId || o.remainingLots <= 0) {
        throw new IllegalArgumentException("bad resting order in snapshot: " + v);
      }
      book.remember(o);
      book.sideOf(o.side).getOrCreate(o.priceTicks).append(o);
    }
    return book;
  }
}
