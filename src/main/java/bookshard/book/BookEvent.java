package bookshard.book;

/**
 * Everything that changes a book. The matching core decides a command into a list of these
 * (reading the book only) and {@link OrderBook#apply} is the single place that mutates it, so
 * replaying the journal reproduces exactly the book that was acknowledged.
 *
 * <p>One command's events always end with its incoming order settled: rested, filled,
 * cancelled or (a stop order) waiting. A command's last trade may trigger waiting stop orders;
 * each trigger and what the triggered order then does follow as events of the same command.
 */
public sealed interface BookEvent {

  /**
   * False for an event of a row written before events named their orders (a trade's
   * clientOrderIds and done flags, a cancel's, reduce's, replace's or trigger's owner); only a reader that
   * needs those cares. A trade always finishes its maker or its taker (it fills the smaller of
   * the two), so a trade finishing neither is such an old one.
   */
  static boolean namesOrders(BookEvent e) {
    if (e instanceof TradeExecuted t) {
      return t.makerDone() || t.takerDone();
    } else if (e instanceof OrderCancelled c) {
      return c.account() != null;
    } else if (e instanceof OrderReduced r) {
      return r.account() != null;
    } else if (e instanceof OrderReplaced r) {
      return r.account() != null;
    } else if (e instanceof StopTriggered t) {
      return t.account() != null;
    }
    return true;
  }

  /**
   * A new order entered the book as taker (or, a stop order, to wait). Assigns {@code orderId}.
   * {@code stopPriceTicks} is 0 unless a stop, {@code expireAtMillis} 0 unless GTD.
   * {@code holdAttempt}: with accounts, the attempt whose hold the order now owns (its settlement
   * renames that hold after the order); null otherwise and in older rows.
   */
  record OrderAccepted(
      long orderId,
      String account,
      String clientOrderId,
      Side side,
      OrderType type,
      TimeInForce timeInForce,
      long priceTicks,
      long quantityLots,
      long timestampMillis,
      long stopPriceTicks,
      long expireAtMillis,
      String holdAttempt)
      implements BookEvent {

    /** No hold attempt: the core decides these; the entity adds the attempt ({@link #withHoldAttempt}). */
    public OrderAccepted(long orderId, String account, String clientOrderId, Side side, OrderType type,
        TimeInForce timeInForce, long priceTicks, long quantityLots, long timestampMillis, long stopPriceTicks,
        long expireAtMillis) {
      this(orderId, account, clientOrderId, side, type, timeInForce, priceTicks, quantityLots, timestampMillis,
          stopPriceTicks, expireAtMillis, null);
    }

    public OrderAccepted withHoldAttempt(String attempt) {
      return new OrderAccepted(orderId, account, clientOrderId, side, type, timeInForce, priceTicks, quantityLots,
          timestampMillis, stopPriceTicks, expireAtMillis, attempt);
    }

    /** Neither a stop nor GTD. */
    public OrderAccepted(long orderId, String account, String clientOrderId, Side side, OrderType type,
        TimeInForce timeInForce, long priceTicks, long quantityLots, long timestampMillis) {
      this(orderId, account, clientOrderId, side, type, timeInForce, priceTicks, quantityLots, timestampMillis, 0, 0);
    }
  }

  /**
   * One fill between a resting maker and the current taker, at the maker's price. It names both
   * orders (account, clientOrderId) and says whether each is finished by it, so a reader settles
   * it without a copy of the book. Rows written before those were added read with null ids and
   * false flags ({@link #namesOrders}).
   */
  record TradeExecuted(
      long matchId,
      long priceTicks,
      long quantityLots,
      long makerOrderId,
      long takerOrderId,
      String makerAccount,
      String takerAccount,
      Side takerSide,
      long timestampMillis,
      String makerClientOrderId,
      String takerClientOrderId,
      boolean makerDone,
      boolean takerDone)
      implements BookEvent {}

  /** The taker's remaining quantity joins the back of its price level. */
  record OrderRested(long orderId) implements BookEvent {}

  /** The order's remaining quantity is removed; the order is finished. Names its owner (null in older rows). */
  record OrderCancelled(
      long orderId, long cancelledLots, CancelReason reason, long timestampMillis, String account, String clientOrderId)
      implements BookEvent {}

  /**
   * Remaining quantity lowered in place; the order keeps its queue position. Names the order's
   * owner, side and price, what it can still cost (null account in older rows).
   */
  record OrderReduced(
      long orderId, long remainingLots, long timestampMillis, String account, String clientOrderId, Side side,
      long priceTicks)
      implements BookEvent {}

  /**
   * The order leaves its level and becomes the taker again with a new price and remaining
   * quantity; it may trade, then rests at the back of its new level. Names its owner and side
   * (null account in older rows).
   */
  record OrderReplaced(
      long orderId, long priceTicks, long remainingLots, long timestampMillis, String account, String clientOrderId,
      Side side)
      implements BookEvent {}

  /** The stop order just accepted waits off the book (invisible to depth) for its trigger. */
  record StopWaiting(long orderId) implements BookEvent {}

  /**
   * The last trade ({@code lastPriceTicks}) reached the stop price: the order becomes the taker,
   * a MARKET order (STOP) or a LIMIT order (STOP_LIMIT) with its whole quantity, and may trade;
   * then it rests or is cancelled as such an order would be.
   */
  record StopTriggered(long orderId, long lastPriceTicks, long timestampMillis, String account, String clientOrderId)
      implements BookEvent {}

  /**
   * The hold of attempt {@code holdAttempt} at an order of {@code account} with
   * {@code clientOrderId} waited long: it belongs to no order (an order that took it over would
   * be earlier in the journal, and its settlement renamed the hold), so the book's settlement
   * releases it when it reaches this event. In older rows {@code holdAttempt} is null and the
   * hold was named by the clientOrderId alone (then the book wrote this only if it did not know
   * that order). Changes nothing in the book.
   */
  record HoldAbandoned(String account, String clientOrderId, long timestampMillis, String holdAttempt)
      implements BookEvent {
    public HoldAbandoned(String account, String clientOrderId, long timestampMillis) {
      this(account, clientOrderId, timestampMillis, null);
    }
  }
}
