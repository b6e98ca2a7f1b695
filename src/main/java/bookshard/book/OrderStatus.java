package bookshard.book;

public enum OrderStatus {
  RESTING,
  PARTIALLY_FILLED_RESTING,
  FILLED,
  CANCELLED
}
