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
  /** 0 unless a stop order. */
  long stopPriceTicks;
  /** 0 unless GTD. */
  long expireAtMillis;
  /** A stop order not triggered yet: in the book's stop list, not on a level. */
  boolean waiting;

  Level level;
  Order prev;
  Order next;

  void set(long orderId, String account, String clientOrderId, Side side, OrderType type, TimeInForce tif,
      long priceTicks, long quantityLots, long remainingLots, long filledLots, long timestampMillis,
      long stopPriceTicks, long expireAtMillis) {
    this.orderId = orderId;
    this.account = account;
    this.accountHash = account.hashCode();
    this.clientOrderId = clientOrderId;
    this.side = side;
    this.type = type;
    this.timeInForce = tif;
    this.priceTicks = priceTicks;
    this.quantityLots = quantityLots;
    this.remainingLots = remainingLots;
    this.filledLots = filledLots;
    this.timestampMillis = timestampMillis;
    this.stopPriceTicks = stopPriceTicks;
    this.expireAtMillis = expireAtMillis;
    this.waiting = false;
  }

  OrderView view() {
    return new OrderView(
        orderId, account, clientOrderId, side, type, timeInForce, priceTicks, quantityLots,
        remainingLots, filledLots, timestampMillis, stopPriceTicks, expireAtMillis, waiting);
  }
}
