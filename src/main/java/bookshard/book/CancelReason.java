package bookshard.book;

public enum CancelReason {
  /** The owner asked for it. */
  USER,
  /** An IOC or MARKET order's quantity that found nothing to match. */
  UNFILLED_REMAINDER,
  /** A resting order removed because a taker of the same account reached it. */
  SELF_TRADE_PREVENTION,
  /** A GTD order whose expiry time came. */
  EXPIRED
}
