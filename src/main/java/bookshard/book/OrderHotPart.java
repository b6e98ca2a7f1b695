package bookshard.book;

/**
 * The fields of an order that finding it, walking its level, matching it and moving it read. A
 * superclass's fields come first in an object, so these share the first 60 bytes of an
 * {@link Order} (~1 cache line) instead of spreading over its 120 (2–3 lines); in a book of a
 * million orders each of those lines is a miss.
 */
abstract class OrderHotPart {
  long orderId;
  long priceTicks;
  long remainingLots;
  /** {@code account.hashCode()}: two accounts are compared by it first, without reading either string. */
  int accountHash;
  String account;
  Side side;
  Level level;
  Order prev;
  Order next;
}
