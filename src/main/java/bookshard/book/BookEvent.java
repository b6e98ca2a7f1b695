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
   * False for an event of a row written before events located the orders they move (a rest's,
   * cancel's, reduce's or replace's side, price and quantities, and a trade's done flags): a
   * reader that keeps depth without a copy of the book needs those.
   */
  static boolean locatesOrders(BookEvent e) {
    if (e instanceof TradeExecuted t) {
      return t.makerDone() || t.takerDone();
    } else if (e instanceof OrderRested r) {
      return r.side() != null;
    } else if (e instanceof OrderCancelled c) {
      return c.side() != null;
    } else if (e instanceof OrderReduced r) {
      return r.previousRemainingLots() != 0;
    } else if (e instanceof OrderReplaced r) {
      return r.previousRemainingLots() != 0;
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

  /**
   * The taker's remaining quantity ({@code remainingLots}) joins the back of its price level.
   * Rows written before events located their orders carry the id alone (null side, 0 lots).
   */
  record OrderRested(long orderId, Side side, long priceTicks, long remainingLots) implements BookEvent {
    /** As an older row reads. */
    public OrderRested(long orderId) {
      this(orderId, null, 0, 0);
    }
  }

  /**
   * The order's remaining quantity is removed; the order is finished. Names its owner (null in
   * older rows), its side and price, and whether it left a price level ({@code leftLevel}: false
   * for a taker's remainder or a waiting stop); {@code side} is null in rows written before.
   */
  record OrderCancelled(
      long orderId, long cancelledLots, CancelReason reason, long timestampMillis, String account, String clientOrderId,
      Side side, long priceTicks, boolean leftLevel)
      implements BookEvent {
    /** As an older row reads: where the order was is not known. */
    public OrderCancelled(
        long orderId, long cancelledLots, CancelReason reason, long timestampMillis, String account,
        String clientOrderId) {
      this(orderId, cancelledLots, reason, timestampMillis, account, clientOrderId, null, 0, false);
    }
  }

  /**
   * Remaining quantity lowered in place, from {@code previousRemainingLots}; the order keeps its
   * queue position. Names the order's owner, side and price, what it can still cost (null account
   * in older rows, 0 previous lots in rows written before events located their orders).
   */
  record OrderReduced(
      long orderId, long remainingLots, long timestampMillis, String account, String clientOrderId, Side side,
      long priceTicks, long previousRemainingLots)
      implements BookEvent {
    /** As an older row reads. */
    public OrderReduced(
        long orderId, long remainingLots, long timestampMillis, String account, String clientOrderId, Side side,
        long priceTicks) {
      this(orderId, remainingLots, timestampMillis, account, clientOrderId, side, priceTicks, 0);
    }
  }

  /**
   * The order leaves its level ({@code previousPriceTicks}, with {@code previousRemainingLots})
   * and becomes the taker again with a new price and remaining quantity; it may trade, then rests
   * at the back of its new level. Names its owner and side (null account in older rows; 0
   * previous lots in rows written before events located their orders).
   */
  record OrderReplaced(
      long orderId, long priceTicks, long remainingLots, long timestampMillis, String account, String clientOrderId,
      Side side, long previousPriceTicks, long previousRemainingLots)
      implements BookEvent {
    /** As an older row reads. */
    public OrderReplaced(
        long orderId, long priceTicks, long remainingLots, long timestampMillis, String account, String clientOrderId,
        Side side) {
      this(orderId, priceTicks, remainingLots, timestampMillis, account, clientOrderId, side, 0, 0);
    }
  }

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
