package bookshard.book;

/**
 * An immutable copy of a live order, safe to hand out of the book. {@code waiting}: a stop
 * order not triggered yet (off the book).
 */
public record OrderView(
    long orderId,
    String account,
    String clientOrderId,
    Side side,
    OrderType type,
    TimeInForce timeInForce,
    long priceTicks,
    long quantityLots,
    long remainingLots,
    long filledLots,
    long timestampMillis,
    long stopPriceTicks,
    long expireAtMillis,
    boolean waiting) {

  /** Neither a stop nor GTD. */
  public OrderView(long orderId, String account, String clientOrderId, Side side, OrderType type,
      TimeInForce timeInForce, long priceTicks, long quantityLots, long remainingLots, long filledLots,
      long timestampMillis) {
    this(orderId, account, clientOrderId, side, type, timeInForce, priceTicks, quantityLots, remainingLots, filledLots,
        timestampMillis, 0, 0, false);
  }

  /** The submission this order came from (the quantity as first submitted). */
  public NewOrder submitted() {
    return new NewOrder(account, clientOrderId, side, type, timeInForce, priceTicks, quantityLots, stopPriceTicks,
        expireAtMillis);
  }

  public OrderStatus status() {
    return OrderStatus.ofLive(waiting, filledLots);
  }

  /** The same order with other remaining and filled quantities (as it left the book, say). */
  public OrderView withFill(long remaining, long filled) {
    return new OrderView(orderId, account, clientOrderId, side, type, timeInForce, priceTicks, quantityLots, remaining,
        filled, timestampMillis, stopPriceTicks, expireAtMillis, false);
  }
}
