package bookshard.book;

/** A live order. Mutable and package-private: nothing outside the core holds one. */
final class Order {
  long orderId;
  String account;
  /** {@code account.hashCode()}: two accounts are compared by it first, without reading either string. */
  int accountHash;
  String clientOrderId;
  Side side;
  OrderType type;
  TimeInForce timeInForce;
  long priceTicks;
  long quantityLots;
  long remainingLots;
  long filledLots;
  long timestampMillis;

  Level level;
  Order prev;
  Order next;

  OrderView view() {
    return new OrderView(
        orderId, account, clientOrderId, side, type, timeInForce, priceTicks, quantityLots,
        remainingLots, filledLots, timestampMillis);
  }
}
