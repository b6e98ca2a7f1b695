package bookshard.book;

/**
 * Input bounds. Both are 10^9, so price x quantity stays below 10^18 and any notional or
 * level sum fits in a signed long without overflow checks on the hot path.
 */
public final class Limits {
  public static final long MAX_PRICE_TICKS = 1_000_000_000L;
  public static final long MAX_QUANTITY_LOTS = 1_000_000_000L;
  /** The largest budget (ticks x lots) a market buy may give: every price times every quantity. */
  public static final long MAX_NOTIONAL = MAX_PRICE_TICKS * MAX_QUANTITY_LOTS;
  public static final int MAX_CLIENT_ORDER_ID_LENGTH = 64;
  public static final int MAX_ACCOUNT_LENGTH = 64;

  private Limits() {}

  public static boolean validPrice(long priceTicks) {
    return priceTicks > 0 && priceTicks <= MAX_PRICE_TICKS;
  }

  public static boolean validQuantity(long quantityLots) {
    return quantityLots > 0 && quantityLots <= MAX_QUANTITY_LOTS;
  }
}
