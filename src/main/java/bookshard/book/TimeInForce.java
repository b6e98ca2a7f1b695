package bookshard.book;

public enum TimeInForce {
  /** Rests until filled or cancelled. */
  GTC,
  /** Fills what it can now; the rest is cancelled. */
  IOC,
  /** Fills entirely now or is rejected without changing anything. */
  FOK,
  /** Rejected if it would take liquidity on arrival. */
  POST_ONLY,
  /** As GTC until its expiry time, when the book cancels it (reason EXPIRED). */
  GTD
}
