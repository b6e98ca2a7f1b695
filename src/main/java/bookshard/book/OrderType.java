package bookshard.book;

public enum OrderType {
  LIMIT,
  MARKET
}
