package bookshard.book;

import java.util.Objects;

/**
 * An order as submitted. {@code priceTicks} is 0 for MARKET and STOP orders;
 * {@code stopPriceTicks} is 0 unless the order is a stop; {@code expireAtMillis} (epoch
 * milliseconds) is 0 unless it is GTD; {@code maxNotional} (ticks x lots) is 0 unless the order
 * is a budgeted MARKET FOK buy: it fills entirely for at most that much, or not at all.
 */
public record NewOrder(
    String account,
    String clientOrderId,
    Side side,
    OrderType type,
    TimeInForce timeInForce,
    long priceTicks,
    long quantityLots,
    long stopPriceTicks,
    long expireAtMillis,
    long maxNotional) {

  public NewOrder(String account, String clientOrderId, Side side, OrderType type, TimeInForce timeInForce,
      long priceTicks, long quantityLots, long stopPriceTicks, long expireAtMillis) {
    this(account, clientOrderId, side, type, timeInForce, priceTicks, quantityLots, stopPriceTicks, expireAtMillis, 0);
  }

  /** Neither a stop nor GTD. */
  public NewOrder(String account, String clientOrderId, Side side, OrderType type, TimeInForce timeInForce,
      long priceTicks, long quantityLots) {
    this(account, clientOrderId, side, type, timeInForce, priceTicks, quantityLots, 0, 0, 0);
  }

  /** The key a clientOrderId is unique under: one account, within one book. */
  public static String clientKey(String account, String clientOrderId) {
    return account + '\u0000' + clientOrderId;
  }

  /**
   * Everything the client chose is the same: a retry of this submission, not a new one. The
   * budget is not compared: the journal does not keep it, and a budgeted order never rests.
   */
  public boolean sameContentAs(NewOrder o) {
    return account.equals(o.account) && Objects.equals(clientOrderId, o.clientOrderId) && side == o.side
        && type == o.type && timeInForce == o.timeInForce && priceTicks == o.priceTicks
        && quantityLots == o.quantityLots && stopPriceTicks == o.stopPriceTicks && expireAtMillis == o.expireAtMillis;
  }
}
