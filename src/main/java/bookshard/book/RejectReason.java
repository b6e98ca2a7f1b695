package bookshard.book;

/** Why a command was refused. A rejected command changes nothing and writes nothing. */
public enum RejectReason {
  INVALID_PRICE,
  INVALID_QUANTITY,
  INVALID_TIME_IN_FORCE,
  UNKNOWN_ORDER,
  NOT_ORDER_OWNER,
  WOULD_TAKE_LIQUIDITY,
  FOK_NOT_FILLABLE,
  DUPLICATE_CLIENT_ORDER_ID,
  UNKNOWN_SYMBOL,
  // The instrument's trading rules (InstrumentSpec).
  PRICE_NOT_ON_TICK,
  QUANTITY_NOT_ON_LOT,
  QUANTITY_BELOW_MIN,
  QUANTITY_ABOVE_MAX,
  NOTIONAL_BELOW_MIN,
  PRICE_OUTSIDE_BAND,
  // Stop and GTD orders.
  /** A stop price on an order that is not a stop, or a stop order without a valid one. */
  INVALID_STOP_PRICE,
  /** The last trade is already at or through the stop price. */
  WOULD_TRIGGER_IMMEDIATELY,
  /** An expiry time on an order that is not GTD, or a GTD order's expiry not in the future. */
  INVALID_EXPIRE_TIME,
  /** A waiting stop order cannot be amended: cancel it and place a new one. */
  NOT_AMENDABLE,
  // Accounts (pre-trade risk).
  /** The account has not the available balance the order must hold. */
  INSUFFICIENT_FUNDS,
  /** With accounts on, a buy needs a limit price (LIMIT or STOP_LIMIT): its hold is bounded by it. */
  BUY_NEEDS_LIMIT_PRICE,
  /** With accounts on, an amend may not raise what the order can cost beyond what it holds. */
  AMEND_NOT_FUNDED,
  // Budgeted market buys.
  /** A maxNotional on an order that is not a MARKET FOK buy, or not above zero. */
  INVALID_MAX_NOTIONAL,
  /** Filling the whole quantity now would cost more than maxNotional. */
  MAX_NOTIONAL_EXCEEDED
}
