package bookshard.book;

import bookshard.book.BookEvent.OrderAccepted;
import bookshard.book.BookEvent.OrderCancelled;
import bookshard.book.BookEvent.OrderReduced;
import bookshard.book.BookEvent.OrderReplaced;
import bookshard.book.BookEvent.OrderRested;
import bookshard.book.BookEvent.StopTriggered;
import bookshard.book.BookEvent.StopWaiting;
import bookshard.book.BookEvent.TradeExecuted;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One instrument's order book: price-time priority, trades at the maker's price, self-trade
 * prevention by cancelling the resting order.
 *
 * <p>Two halves. {@code place}, {@code cancel} and {@code amend} decide: they only read the
 * book and append the events the command causes (or return a reject reason and append
 * nothing). {@link #apply} is the only mutator. A caller applies the decided events in order,
 * which is exactly what replay does, so live and recovered books cannot differ.
 *
 * <p>Stop orders wait off the book until the last trade reaches their stop price; GTD orders
 * are cancelled when their time comes. Neither happens inside {@code apply}: the caller asks
 * {@link #triggerNext} and {@link #expire} to decide them, as events, like any command.
 */
public final class OrderBook {
  private final BookSide bids = new BookSide(Side.BUY);
  private final BookSide asks = new BookSide(Side.SELL);
  private final OrderIndex orders = new OrderIndex();
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
  private EventBuffer scratch;
  /** Waiting stops in trigger order: buys lowest stop price first, sells highest; then by id. */
  private final TreeSet<Order> buyStops = new TreeSet<>(
      Comparator.<Order>comparingLong(o -> o.stopPriceTicks).thenComparingLong(o -> o.orderId));
  private final TreeSet<Order> sellStops = new TreeSet<>(
      Comparator.<Order>comparingLong(o -> -o.stopPriceTicks).thenComparingLong(o -> o.orderId));
  /** Live GTD orders (resting or waiting), soonest expiry first. */
  private final TreeSet<Order> expiring = new TreeSet<>(
      Comparator.<Order>comparingLong(o -> o.expireAtMillis).thenComparingLong(o -> o.orderId));
  /** The price of the last trade; 0 before the first. Stops trigger on it. */
  private long lastTradePriceTicks;

  // ---------------------------------------------------------------- decide

  public RejectReason place(NewOrder o, long timestampMillis, EventBuffer out) {
    if (o.maxNotional() != 0) {
      RejectReason r = checkBudget(o);
      if (r != null) {
        return r;
      }
    }
    return place(o.account(), o.clientOrderId(), o.side(), o.type(), o.timeInForce(), o.priceTicks(),
        o.quantityLots(), o.stopPriceTicks(), o.expireAtMillis(), timestampMillis, out);
  }

  /**
   * A budget is for a MARKET FOK buy only; it must cover what filling the whole quantity now
   * costs at the asks' prices (the account's own asks give none: they would be cancelled).
   * The other checks are the order's as a MARKET FOK order; a budget that passes here fills.
   */
  private RejectReason checkBudget(NewOrder o) {
    if (o.maxNotional() < 0 || o.maxNotional() > Limits.MAX_NOTIONAL || o.type() != OrderType.MARKET
        || o.side() != Side.BUY || o.timeInForce() != TimeInForce.FOK) {
      return RejectReason.INVALID_MAX_NOTIONAL;
    }
    if (!Limits.validQuantity(o.quantityLots()) || o.priceTicks() != 0) {
      return null;
    }
    long wanted = o.quantityLots();
    long cost = 0;
    for (Level level = asks.best(); wanted > 0; level = asks.worseThan(level)) {
      if (level == null) {
        return null;
      }
      for (Order r = level.head; r != null && wanted > 0; r = r.next) {
        if (!r.account.equals(o.account())) {
          long lots = Math.min(wanted, r.remainingLots);
          // At most MAX_NOTIONAL before, and 1e18 more: no overflow.
          cost += lots * level.priceTicks;
          if (cost > o.maxNotional()) {
            return RejectReason.MAX_NOTIONAL_EXCEEDED;
          }
          wanted -= lots;
        }
      }
    }
    return null;
  }

  /** As {@link #place(NewOrder, long, EventBuffer)}, for callers that keep no order object. */
  public RejectReason place(
      String account, String clientOrderId, Side side, OrderType type, TimeInForce tif, long priceTicks,
      long quantityLots, long timestampMillis, EventBuffer out) {
    return place(account, clientOrderId, side, type, tif, priceTicks, quantityLots, 0, 0, timestampMillis, out);
  }

  /**
   * A STOP order is IOC (what it does once triggered); a STOP_LIMIT order GTC, GTD or IOC. A GTD
   * order's expiry must be later than {@code timestampMillis}.
   */
  public RejectReason place(
      String account, String clientOrderId, Side side, OrderType type, TimeInForce tif, long priceTicks,
      long quantityLots, long stopPriceTicks, long expireAtMillis, long timestampMillis, EventBuffer out) {
    boolean market = type == OrderType.MARKET || type == OrderType.STOP;
    if (market ? priceTicks != 0 : !Limits.validPrice(priceTicks)) {
      return RejectReason.INVALID_PRICE;
    }
    if (!allowed(type, tif)) {
      return RejectReason.INVALID_TIME_IN_FORCE;
    }
    if (!Limits.validQuantity(quantityLots)) {
      return RejectReason.INVALID_QUANTITY;
    }
    if (type.isStop() ? !Limits.validPrice(stopPriceTicks) : stopPriceTicks != 0) {
      return RejectReason.INVALID_STOP_PRICE;
    }
    if (tif == TimeInForce.GTD ? expireAtMillis <= timestampMillis : expireAtMillis != 0) {
      return RejectReason.INVALID_EXPIRE_TIME;
    }
    if (clientOrderId != null && byClientOrderId.containsKey(NewOrder.clientKey(account, clientOrderId))) {
      return RejectReason.DUPLICATE_CLIENT_ORDER_ID;
    }
    if (type.isStop()) {
      if (reached(side, stopPriceTicks)) {
        return RejectReason.WOULD_TRIGGER_IMMEDIATELY;
      }
      out.accepted(nextOrderId, account, clientOrderId, side, type, tif, priceTicks, quantityLots, timestampMillis,
          stopPriceTicks, expireAtMillis);
      out.waiting(nextOrderId);
      return null;
    }
    BookSide opposite = sideOf(side.opposite());
    if (tif == TimeInForce.POST_ONLY && wouldCross(side, priceTicks, opposite)) {
      return RejectReason.WOULD_TAKE_LIQUIDITY;
    }
    if (tif == TimeInForce.FOK
        && fillableLots(account, side, market, priceTicks, quantityLots, opposite) < quantityLots) {
      return RejectReason.FOK_NOT_FILLABLE;
    }
    long orderId = nextOrderId;
    out.accepted(orderId, account, clientOrderId, side, type, tif, priceTicks, quantityLots, timestampMillis, 0,
        expireAtMillis);
    long remaining = match(orderId, account, clientOrderId, side, market, priceTicks, quantityLots, timestampMillis,
        opposite, out);
    settleTaker(orderId, account, clientOrderId, market, tif, remaining, timestampMillis, out);
    return null;
  }

  private static boolean allowed(OrderType type, TimeInForce tif) {
    return switch (type) {
      case LIMIT -> true;
      case MARKET -> tif == TimeInForce.IOC || tif == TimeInForce.FOK;
      case STOP -> tif == TimeInForce.IOC;
      case STOP_LIMIT -> tif == TimeInForce.GTC || tif == TimeInForce.GTD || tif == TimeInForce.IOC;
    };
  }

  private static void settleTaker(long orderId, String account, String clientOrderId, boolean market, TimeInForce tif,
      long remaining, long timestampMillis, EventBuffer out) {
    if (remaining > 0) {
      if (market || tif == TimeInForce.IOC || tif == TimeInForce.FOK) {
        out.cancelled(orderId, remaining, CancelReason.UNFILLED_REMAINDER, timestampMillis, account, clientOrderId);
      } else {
        out.rested(orderId);
      }
    }
  }

  /** A buy stop triggers when the last trade is at or above its stop price, a sell stop at or below. */
  private boolean reached(Side side, long stopPriceTicks) {
    long last = lastTradePriceTicks;
    return last > 0 && (side == Side.BUY ? last >= stopPriceTicks : last <= stopPriceTicks);
  }

  /**
   * Decides the trigger of the next waiting stop the last trade reached, and what the triggered
   * order then does (trade, rest or be cancelled); false if none is reached. Call after applying
   * a command's events, then again after applying each trigger's, until false: a triggered
   * order's trades can reach more stops. Stops reached together go in trigger order on each
   * side (the nearest stop price first, then the older order), the older of the two sides first.
   */
  public boolean triggerNext(long timestampMillis, EventBuffer out) {
    Order next = buyStops.isEmpty() || !reached(Side.BUY, buyStops.first().stopPriceTicks) ? null : buyStops.first();
    if (!sellStops.isEmpty() && reached(Side.SELL, sellStops.first().stopPriceTicks)
        && (next == null || sellStops.first().orderId < next.orderId)) {
      next = sellStops.first();
    }
    if (next == null) {
      return false;
    }
    boolean market = next.type == OrderType.STOP;
    out.triggered(next.orderId, lastTradePriceTicks, timestampMillis, next.account, next.clientOrderId);
    long remaining = match(next.orderId, next.account, next.clientOrderId, next.side, market, next.priceTicks,
        next.remainingLots, timestampMillis, sideOf(next.side.opposite()), out);
    settleTaker(next.orderId, next.account, next.clientOrderId, market, next.timeInForce, remaining, timestampMillis,
        out);
    return true;
  }

  /** Decides the cancellation (reason EXPIRED) of every GTD order whose time is at or before {@code nowMillis}. */
  public void expire(long nowMillis, EventBuffer out) {
    for (Order o : expiring) {
      if (o.expireAtMillis > nowMillis) {
        break;
      }
      out.cancelled(o.orderId, o.remainingLots, CancelReason.EXPIRED, nowMillis, o.account, o.clientOrderId);
    }
  }

  /** When the next GTD order expires; {@code Long.MAX_VALUE} if none is live. */
  public long nextExpiryMillis() {
    return expiring.isEmpty() ? Long.MAX_VALUE : expiring.first().expireAtMillis;
  }

  public long lastTradePriceTicks() {
    return lastTradePriceTicks;
  }

  public RejectReason cancel(long orderId, String account, long timestampMillis, EventBuffer out) {
    Order o = find(orderId);
    if (o == null || (o.level == null && !o.waiting)) {
      return RejectReason.UNKNOWN_ORDER;
    }
    if (!o.account.equals(account)) {
      return RejectReason.NOT_ORDER_OWNER;
    }
    out.cancelled(orderId, o.remainingLots, CancelReason.USER, timestampMillis, o.account, o.clientOrderId);
    return null;
  }

  /**
   * Lowering the remaining quantity at the same price keeps priority; any other change replaces
   * the order, which then loses priority and may trade. {@code newPriceTicks} 0 keeps the price.
   * An amend that changes nothing is accepted and writes nothing.
   */
  public RejectReason amend(
      long orderId, String account, long newPriceTicks, long newRemainingLots, long timestampMillis,
      EventBuffer out) {
    Order o = find(orderId);
    if (o == null || (o.level == null && !o.waiting)) {
      return RejectReason.UNKNOWN_ORDER;
    }
    if (!o.account.equals(account)) {
      return RejectReason.NOT_ORDER_OWNER;
    }
    if (o.waiting) {
      return RejectReason.NOT_AMENDABLE;
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
        out.reduced(orderId, newRemainingLots, timestampMillis, o.account, o.clientOrderId, o.side, o.priceTicks);
        return null;
      }
    }
    BookSide opposite = sideOf(o.side.opposite());
    if (o.timeInForce == TimeInForce.POST_ONLY && wouldCross(o.side, price, opposite)) {
      return RejectReason.WOULD_TAKE_LIQUIDITY;
    }
    out.replaced(orderId, price, newRemainingLots, timestampMillis, o.account, o.clientOrderId, o.side);
    long remaining = match(orderId, o.account, o.clientOrderId, o.side, false, price, newRemainingLots,
        timestampMillis, opposite, out);
    if (remaining > 0) {
      out.rested(orderId);
    }
    return null;
  }

  /**
   * Cancels every resting order of {@code account} (a mass cancel); none is not a reject. Walks
   * the whole book: there is no per-account index to keep up on every command for this rare one
   * (a million-order book takes a few milliseconds).
   */
  public void cancelAll(String account, long timestampMillis, EventBuffer out) {
    int hash = account.hashCode();
    for (BookSide s : new BookSide[] {bids, asks}) {
      for (Level level = s.best(); level != null; level = s.worseThan(level)) {
        for (Order o = level.head; o != null; o = o.next) {
          if (o.accountHash == hash && o.account.equals(account)) {
            out.cancelled(o.orderId, o.remainingLots, CancelReason.USER, timestampMillis, o.account, o.clientOrderId);
          }
        }
      }
    }
    for (TreeSet<Order> stops : List.of(buyStops, sellStops)) {
      for (Order o : stops) {
        if (o.accountHash == hash && o.account.equals(account)) {
          out.cancelled(o.orderId, o.remainingLots, CancelReason.USER, timestampMillis, o.account, o.clientOrderId);
        }
      }
    }
  }

  // The same decisions into a list of records, for callers that want them (tests, tools).

  public RejectReason place(NewOrder o, long timestampMillis, List<BookEvent> out) {
    return toList(place(o, timestampMillis, scratch()), out);
  }

  public RejectReason cancel(long orderId, String account, long timestampMillis, List<BookEvent> out) {
    return toList(cancel(orderId, account, timestampMillis, scratch()), out);
  }

  public RejectReason amend(
      long orderId, String account, long newPriceTicks, long newRemainingLots, long timestampMillis,
      List<BookEvent> out) {
    return toList(amend(orderId, account, newPriceTicks, newRemainingLots, timestampMillis, scratch()), out);
  }

  private EventBuffer scratch() {
    if (scratch == null) {
      scratch = new EventBuffer();
    }
    scratch.clear();
    return scratch;
  }

  private RejectReason toList(RejectReason rejected, List<BookEvent> out) {
    out.addAll(events(scratch));
    scratch.clear();
    return rejected;
  }

  /**
   * The events of a buffer this book decided, as records, each saying where the order it moves
   * is (a rest's, cancel's, reduce's or replace's side, price and quantities): read here from the
   * book as it was when they were decided, so call this <em>before</em> applying them. The core
   * does not store those while it decides (a reader of the buffer itself needs none of it).
   */
  public List<BookEvent> events(EventBuffer decided) {
    List<BookEvent> out = new ArrayList<>(decided.size());
    for (int i = 0; i < decided.size(); i++) {
      out.add(decided.event(i, this));
    }
    return out;
  }

  /** A live order (resting or waiting) by id, as {@link EventBuffer} locates what it decided; null if none. */
  Order located(long orderId) {
    return find(orderId);
  }

  private long match(
      long takerId, String takerAccount, String takerClientOrderId, Side takerSide, boolean market,
      long limitPriceTicks, long quantityLots, long timestampMillis, BookSide opposite, EventBuffer out) {
    long remaining = quantityLots;
    long matchId = nextMatchId;
    int takerHash = takerAccount.hashCode();
    for (Level level = opposite.best(); remaining > 0; level = opposite.worseThan(level)) {
      if (level == null || !(market || BookSide.crosses(takerSide, limitPriceTicks, level.priceTicks))) {
        break;
      }
      for (Order maker = level.head; maker != null && remaining > 0; maker = maker.next) {
        if (maker.accountHash == takerHash && maker.account.equals(takerAccount)) {
          out.cancelled(maker.orderId, maker.remainingLots, CancelReason.SELF_TRADE_PREVENTION, timestampMillis,
              maker.account, maker.clientOrderId);
          continue;
        }
        long lots = Math.min(remaining, maker.remainingLots);
        out.trade(matchId++, level.priceTicks, lots, maker.orderId, takerId, maker.account, takerAccount,
            takerSide, timestampMillis, maker.clientOrderId, takerClientOrderId, lots == maker.remainingLots,
            lots == remaining);
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
    for (Level level = opposite.best(); fillable < wanted; level = opposite.worseThan(level)) {
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
      traded(t.matchId(), t.priceTicks(), t.quantityLots(), t.makerOrderId(), t.takerOrderId());
    } else if (event instanceof OrderAccepted a) {
      accepted(a.orderId(), a.account(), a.clientOrderId(), a.side(), a.type(), a.timeInForce(), a.priceTicks(),
          a.quantityLots(), a.timestampMillis(), a.stopPriceTicks(), a.expireAtMillis());
    } else if (event instanceof OrderRested r) {
      rested(r.orderId());
    } else if (event instanceof OrderCancelled c) {
      cancelled(c.orderId());
    } else if (event instanceof OrderReduced r) {
      reduced(r.orderId(), r.remainingLots());
    } else if (event instanceof OrderReplaced r) {
      replaced(r.orderId(), r.priceTicks(), r.remainingLots(), r.timestampMillis());
    } else if (event instanceof StopWaiting w) {
      waiting(w.orderId());
    } else if (event instanceof StopTriggered t) {
      triggered(t.orderId());
    } else if (!(event instanceof BookEvent.HoldAbandoned)) {
      // An abandoned hold is the accounts' business: the book stays as it is.
      throw new IllegalArgumentException("unknown event " + event);
    }
  }

  /** Applies event {@code i} of a buffer: the same mutations as {@link #apply(BookEvent)}. */
  public void apply(EventBuffer events, int i) {
    switch (events.kind(i)) {
      case EventBuffer.TRADE -> traded(events.id(i), events.priceTicks(i), events.lots(i), events.makerOrderId(i),
          events.takerOrderId(i));
      case EventBuffer.ACCEPTED -> accepted(events.id(i), events.account(i), events.other(i), events.side(i),
          events.type(i), events.timeInForce(i), events.priceTicks(i), events.lots(i), events.timestamp(i),
          events.stopPriceTicks(i), events.expireAtMillis(i));
      case EventBuffer.RESTED -> rested(events.id(i));
      case EventBuffer.CANCELLED -> cancelled(events.id(i));
      case EventBuffer.REDUCED -> reduced(events.id(i), events.lots(i));
      case EventBuffer.REPLACED -> replaced(events.id(i), events.priceTicks(i), events.lots(i), events.timestamp(i));
      case EventBuffer.WAITING -> waiting(events.id(i));
      case EventBuffer.TRIGGERED -> triggered(events.id(i));
      default -> throw new IllegalArgumentException("unknown event kind " + events.kind(i));
    }
  }

  /** Applies every event of a buffer, in order. */
  public void applyAll(EventBuffer events) {
    for (int i = 0; i < events.size(); i++) {
      apply(events, i);
    }
  }

  private void rested(long orderId) {
    Order o = live(orderId);
    sideOf(o.side).getOrCreate(o.priceTicks).append(o);
  }

  private void cancelled(long orderId) {
    Order o = live(orderId);
    if (o.level != null) {
      leaveLevel(o);
    } else if (o.waiting) {
      stopsOf(o.side).remove(o);
    }
    forget(o);
  }

  private void waiting(long orderId) {
    Order o = live(orderId);
    o.waiting = true;
    stopsOf(o.side).add(o);
  }

  private void triggered(long orderId) {
    Order o = live(orderId);
    if (!o.waiting) {
      throw new IllegalStateException("trigger of order " + orderId + ", which is not a waiting stop");
    }
    stopsOf(o.side).remove(o);
    o.waiting = false;
    active = o;
  }

  private TreeSet<Order> stopsOf(Side side) {
    return side == Side.BUY ? buyStops : sellStops;
  }

  private void reduced(long orderId, long remainingLots) {
    Order o = live(orderId);
    o.level.totalLots -= o.remainingLots - remainingLots;
    o.remainingLots = remainingLots;
    o.quantityLots = o.filledLots + o.remainingLots;
  }

  private void replaced(long orderId, long priceTicks, long remainingLots, long timestampMillis) {
    Order o = live(orderId);
    active = o;
    leaveLevel(o);
    o.priceTicks = priceTicks;
    o.remainingLots = remainingLots;
    o.quantityLots = o.filledLots + o.remainingLots;
    o.timestampMillis = timestampMillis;
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

  private void accepted(long orderId, String account, String clientOrderId, Side side, OrderType type,
      TimeInForce tif, long priceTicks, long quantityLots, long timestampMillis, long stopPriceTicks,
      long expireAtMillis) {
    if (orderId != nextOrderId) {
      throw new IllegalStateException("order id " + orderId + " but next is " + nextOrderId);
    }
    Order o = newOrder();
    o.set(orderId, account, clientOrderId, side, type, tif, priceTicks, quantityLots, quantityLots, 0, timestampMillis,
        stopPriceTicks, expireAtMillis);
    remember(o);
    active = o;
    nextOrderId++;
  }

  private void traded(long matchId, long priceTicks, long lots, long makerOrderId, long takerOrderId) {
    if (matchId != nextMatchId) {
      throw new IllegalStateException("match id " + matchId + " but next is " + nextMatchId);
    }
    Order maker = live(makerOrderId);
    Order taker = live(takerOrderId);
    if (lots <= 0 || lots > maker.remainingLots || lots > taker.remainingLots) {
      throw new IllegalStateException("trade " + matchId + " overfills");
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
    lastTradePriceTicks = priceTicks;
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
    orders.put(o);
    if (o.expireAtMillis != 0) {
      expiring.add(o);
    }
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
    if (o.expireAtMillis != 0) {
      expiring.remove(o);
    }
    o.waiting = false;
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

  /** The resting order or waiting stop, or null if there is none (unknown or finished). */
  public OrderView order(long orderId) {
    Order o = orders.get(orderId);
    return o == null || (o.level == null && !o.waiting) ? null : o.view();
  }

  /** The order if it is live: resting, or the incoming order of the command being applied. */
  public OrderView liveOrder(long orderId) {
    Order o = orders.get(orderId);
    return o == null ? null : o.view();
  }

  public OrderView orderByClientOrderId(String account, String clientOrderId) {
    Order o = byClientOrderId.get(NewOrder.clientKey(account, clientOrderId));
    return o == null || (o.level == null && !o.waiting) ? null : o.view();
  }

  /** Aggregated levels from the best price outwards, at most {@code depth} of them. */
  public List<LevelView> depth(Side side, int depth) {
    BookSide s = sideOf(side);
    int n = Math.min(depth, s.levelCount());
    List<LevelView> out = new ArrayList<>(n);
    for (Level l = s.best(); out.size() < n; l = s.worseThan(l)) {
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
    for (Level level = s.best(); level != null && out.size() < limit; level = s.worseThan(level)) {
      for (Order o = level.head; o != null && out.size() < limit; o = o.next) {
        if (account == null || account.equals(o.account)) {
          out.add(o.view());
        }
      }
    }
    return out;
  }

  /** Waiting stop orders of {@code account} (all if null), buys then sells, each in trigger order. */
  public List<OrderView> waitingStops(String account, int limit) {
    List<OrderView> out = new ArrayList<>();
    for (TreeSet<Order> stops : List.of(buyStops, sellStops)) {
      for (Order o : stops) {
        if (out.size() < limit && (account == null || account.equals(o.account))) {
          out.add(o.view());
        }
      }
    }
    return out;
  }

  /** Resting (not waiting) GTD orders: id and expiry, soonest first. */
  public void forEachRestingExpiry(ExpiryVisitor v) {
    for (Order o : expiring) {
      if (!o.waiting) {
        v.visit(o.orderId, o.expireAtMillis);
      }
    }
  }

  public interface ExpiryVisitor {
    void visit(long orderId, long expireAtMillis);
  }

  /** Receives resting orders one at a time, without a view object each (snapshots of big books). */
  public interface RestingOrderVisitor {
    void visit(long orderId, String account, String clientOrderId, Side side, OrderType type, TimeInForce tif,
        long priceTicks, long quantityLots, long remainingLots, long filledLots, long timestampMillis);
  }

  /**
   * Every resting order in priority order (bids best level first, FIFO inside a level, then
   * asks), or in exactly the reverse of that order (FlatBuffers builds vectors back to front).
   */
  public void forEachResting(boolean reversed, RestingOrderVisitor v) {
    BookSide first = reversed ? asks : bids;
    BookSide second = reversed ? bids : asks;
    visitSide(first, reversed, v);
    visitSide(second, reversed, v);
  }

  private static void visitSide(BookSide s, boolean reversed, RestingOrderVisitor v) {
    Level[] bestFirst = new Level[s.levelCount()];
    int n = 0;
    for (Level level = s.best(); level != null; level = s.worseThan(level)) {
      bestFirst[n++] = level;
    }
    for (int i = 0; i < n; i++) {
      Level level = bestFirst[reversed ? n - 1 - i : i];
      for (Order o = reversed ? level.tail : level.head; o != null; o = reversed ? o.prev : o.next) {
        v.visit(o.orderId, o.account, o.clientOrderId, o.side, o.type, o.timeInForce, o.priceTicks, o.quantityLots,
            o.remainingLots, o.filledLots, o.timestampMillis);
      }
    }
  }

  /** Orders on the book's levels (waiting stops are not). */
  public int restingOrderCount() {
    return orders.size() - buyStops.size() - sellStops.size();
  }

  public int waitingStopCount() {
    return buyStops.size() + sellStops.size();
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
    Restorer r = new Restorer(nextOrderId, nextMatchId);
    for (OrderView v : resting) {
      r.add(v);
    }
    return r.finish();
  }

  /** Builds a book from resting orders given one by one in priority order, without views. */
  public static final class Restorer {
    private final OrderBook book = new OrderBook();
    private final List<Order> added = new ArrayList<>();

    public Restorer(long nextOrderId, long nextMatchId) {
      book.nextOrderId = nextOrderId;
      book.nextMatchId = nextMatchId;
    }

    public void add(long orderId, String account, String clientOrderId, Side side, OrderType type,
        TimeInForce tif, long priceTicks, long quantityLots, long remainingLots, long filledLots,
        long timestampMillis) {
      add(orderId, account, clientOrderId, side, type, tif, priceTicks, quantityLots, remainingLots, filledLots,
          timestampMillis, 0, 0, false);
    }

    /** A resting order or (waiting) a stop not triggered yet, with its stop price and expiry. */
    public void add(OrderView v) {
      add(v.orderId(), v.account(), v.clientOrderId(), v.side(), v.type(), v.timeInForce(), v.priceTicks(),
          v.quantityLots(), v.remainingLots(), v.filledLots(), v.timestampMillis(), v.stopPriceTicks(),
          v.expireAtMillis(), v.waiting());
    }

    public void add(long orderId, String account, String clientOrderId, Side side, OrderType type,
        TimeInForce tif, long priceTicks, long quantityLots, long remainingLots, long filledLots,
        long timestampMillis, long stopPriceTicks, long expireAtMillis, boolean waiting) {
      if (orderId <= 0 || orderId >= book.nextOrderId || remainingLots <= 0) {
        throw new IllegalArgumentException("bad resting order in snapshot: id " + orderId + ", remaining "
            + remainingLots + ", next id " + book.nextOrderId);
      }
      Order o = new Order();
      o.set(orderId, account, clientOrderId, side, type, tif, priceTicks, quantityLots, remainingLots, filledLots,
          timestampMillis, stopPriceTicks, expireAtMillis);
      if (clientOrderId != null) {
        book.byClientOrderId.put(NewOrder.clientKey(account, clientOrderId), o);
      }
      if (waiting) {
        o.waiting = true;
        book.stopsOf(side).add(o);
      } else {
        book.sideOf(side).getOrCreate(priceTicks).append(o);
      }
      if (expireAtMillis != 0) {
        book.expiring.add(o);
      }
      added.add(o);
    }

    public void lastTradePriceTicks(long priceTicks) {
      book.lastTradePriceTicks = priceTicks;
    }

    public OrderBook finish() {
      book.orders.restore(added, book.nextOrderId);
      added.clear();
      return book;
    }
  }
}
