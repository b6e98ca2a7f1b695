package bookshard.book;

/** An order as submitted. {@code priceTicks} is 0 for MARKET orders. */
public record NewOrder(
    String account,
    String clientOrderId,
    Side side,
    OrderType type,
    TimeInForce timeInForce,
    long priceTicks,
    long quantityLots) {}
