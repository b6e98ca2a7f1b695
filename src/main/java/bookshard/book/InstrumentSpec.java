package bookshard.book;

/**
 * An instrument's trading rules: prices on a tick grid, quantities on a lot grid, bounds on
 * quantity and notional (price × quantity, in ticks × lots), and a price band around the last
 * trade that stops a fat-fingered limit price from trading far through the book. A violation
 * is a reject with a named reason; nothing is written, so rules can change between restarts
 * without changing what the journal replays to.
 *
 * @param tickSize prices must be a multiple of this many ticks
 * @param lotSize quantities must be a multiple of this many lots
 * @param priceBandBps a limit price may be at most this many basis points away from the last
 *     trade's price (0: no band; no band either before the first trade)
 */
public record InstrumentSpec(
    String symbol, long tickSize, long lotSize, long minQuantity, long maxQuantity, long minNotional,
    long priceBandBps) {

  public InstrumentSpec {
    if (tickSize < 1 || lotSize < 1 || minQuantity < 1 || maxQuantity < minQuantity || minNotional < 0
        || priceBandBps < 0 || priceBandBps > 1_000_000) {
      throw new IllegalArgumentException("instrument " + symbol + ": tick-size and lot-size >= 1,"
          + " 1 <= min-quantity <= max-quantity, min-notional >= 0, 0 <= price-band-bps <= 1000000");
    }
  }

  /** No rules beyond the book's own limits. */
  public static InstrumentSpec unrestricted(String symbol) {
    return new InstrumentSpec(symbol, 1, 1, 1, Limits.MAX_QUANTITY_LOTS, 0, 0);
  }

  public InstrumentSpec forSymbol(String other) {
    return new InstrumentSpec(other, tickSize, lotSize, minQuantity, maxQuantity, minNotional, priceBandBps);
  }

  /**
   * The first rule an order breaks, or null. {@code priceTicks} 0 is a MARKET order (no price
   * rules); {@code lastTradePriceTicks} 0: no trade yet.
   */
  public RejectReason check(long priceTicks, long quantityLots, long lastTradePriceTicks) {
    if (quantityLots % lotSize != 0) {
      return RejectReason.QUANTITY_NOT_ON_LOT;
    }
    if (quantityLots < minQuantity) {
      return RejectReason.QUANTITY_BELOW_MIN;
    }
    if (quantityLots > maxQuantity) {
      return RejectReason.QUANTITY_ABOVE_MAX;
    }
    if (priceTicks == 0) {
      return null;
    }
    if (priceTicks % tickSize != 0) {
      return RejectReason.PRICE_NOT_ON_TICK;
    }
    // Both at most 1e9 (Limits), so the product fits in a long.
    if (priceTicks * quantityLots < minNotional) {
      return RejectReason.NOTIONAL_BELOW_MIN;
    }
    if (outsideBand(priceTicks, lastTradePriceTicks)) {
      return RejectReason.PRICE_OUTSIDE_BAND;
    }
    return null;
  }

  /**
   * The first rule an amend breaks, or null: the new price (0 keeps the old one, which met the
   * rules) on the tick grid and inside the band, the new remaining quantity on the lot grid and
   * not above the maximum. Reducing below the minimum quantity is allowed: a client must be able
   * to shrink an order that partly filled.
   */
  public RejectReason checkAmend(long newPriceTicks, long newRemainingLots, long lastTradePriceTicks) {
    if (newRemainingLots % lotSize != 0) {
      return RejectReason.QUANTITY_NOT_ON_LOT;
    }
    if (newRemainingLots > maxQuantity) {
      return RejectReason.QUANTITY_ABOVE_MAX;
    }
    if (newPriceTicks == 0) {
      return null;
    }
    if (newPriceTicks % tickSize != 0) {
      return RejectReason.PRICE_NOT_ON_TICK;
    }
    if (outsideBand(newPriceTicks, lastTradePriceTicks)) {
      return RejectReason.PRICE_OUTSIDE_BAND;
    }
    return null;
  }

  /** A stop price must be on the tick grid too; null if it is (or is no valid price at all: the book says so). */
  public RejectReason checkStop(long stopPriceTicks) {
    return Limits.validPrice(stopPriceTicks) && stopPriceTicks % tickSize != 0 ? RejectReason.INVALID_STOP_PRICE : null;
  }

  /** Both prices are at most 1e9 ticks and the band at most 1e6 bps, so no product overflows. */
  private boolean outsideBand(long priceTicks, long lastTradePriceTicks) {
    return priceBandBps > 0 && lastTradePriceTicks > 0
        && Math.abs(priceTicks - lastTradePriceTicks) * 10_000 > lastTradePriceTicks * priceBandBps;
  }
}
