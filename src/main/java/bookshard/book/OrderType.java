package bookshard.book;

public enum OrderType {
  LIMIT,
  MARKET,
  /** Waits off the book until the last trade reaches its stop price, then trades as a MARKET order. */
  STOP,
  /** Waits off the book until the last trade reaches its stop price, then trades as a LIMIT order. */
  STOP_LIMIT;

  public boolean isStop() {
    return this == STOP || this == STOP_LIMIT;
  }
}
