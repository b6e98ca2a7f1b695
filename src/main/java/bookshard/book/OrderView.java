package bookshard.book;

/** An immutable copy of a live order, safe to hand out of the book. */
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
    long timestampMillis) {

  /** The submission this order came from (the quantity as first submitted). */
  public NewOrder submitted() {
    return new NewOrder(account, clientOrderId, side, type, timeInForce, priceTicks, quantityLots);
  }

  public OrderStatus status() {
    return filledLots > 0 ? OrderStatus.PARTIALLY_FILLED_RESTING : OrderStatus.RESTING;
  }
}
