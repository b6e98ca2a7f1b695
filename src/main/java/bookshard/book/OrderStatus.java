package bookshard.book;

public enum OrderStatus {
  RESTING,
  PARTIALLY_FILLED_RESTING,
  FILLED,
  CANCELLED,
  /** A stop order waiting off the book for its trigger price. */
  STOP_WAITING
}
