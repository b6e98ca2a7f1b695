package bookshard.book;

public enum OrderStatus {
  RESTING,
  PARTIALLY_FILLED_RESTING,
  FILLED,
  CANCELLED,
  /** A stop order waiting off the book for its trigger price. */
  STOP_WAITING;

  /** A live order's: waiting off the book, or resting with or without fills. */
  static OrderStatus ofLive(boolean waiting, long filledLots) {
    return waiting ? STOP_WAITING : filledLots > 0 ? PARTIALLY_FILLED_RESTING : RESTING;
  }
}
