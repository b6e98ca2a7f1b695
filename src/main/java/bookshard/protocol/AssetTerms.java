package bookshard.protocol;

/**
 * What an instrument's trades move between accounts: {@code base} (what is bought and sold) and
 * {@code quote} (what it is paid in), in each asset's smallest unit. A lot is {@code basePerLot}
 * units of base; one lot at one tick costs {@code quotePerTickLot} units of quote. Fees are
 * charged in what a side receives (the buyer's in base, the seller's in quote), rounded up, in
 * basis points: {@code makerFeeBps} for the resting side, {@code takerFeeBps} for the incoming one.
 */
public record AssetTerms(String base, String quote, long basePerLot, long quotePerTickLot, long makerFeeBps,
    long takerFeeBps) {

  public AssetTerms {
    if (base.isEmpty() || quote.isEmpty() || base.equals(quote) || basePerLot < 1 || quotePerTickLot < 1
        || makerFeeBps < 0 || makerFeeBps > 10_000 || takerFeeBps < 0 || takerFeeBps > 10_000) {
      throw new IllegalArgumentException("base and quote assets differ and are named, base-per-lot and"
          + " quote-per-tick-lot >= 1, 0 <= maker-fee-bps, taker-fee-bps <= 10000");
    }
  }

  /** BTC-USD: BTC and USD, one unit a lot, one unit a tick-lot, no fees. */
  public static AssetTerms of(String symbol) {
    String[] parts = symbol.split("[-/_]", 2);
    return parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty() && !parts[0].equals(parts[1])
        ? new AssetTerms(parts[0], parts[1], 1, 1, 0, 0)
        : new AssetTerms(symbol + ".BASE", symbol + ".QUOTE", 1, 1, 0, 0);
  }

  /** Units of base in {@code lots}; throws ArithmeticException beyond a long. */
  public long baseAmount(long lots) {
    return Math.multiplyExact(lots, basePerLot);
  }

  /** Units of quote that {@code lots} cost at {@code priceTicks}; throws ArithmeticException beyond a long. */
  public long quoteAmount(long priceTicks, long lots) {
    return Math.multiplyExact(Math.multiplyExact(priceTicks, lots), quotePerTickLot);
  }

  /** The fee on {@code received} units, rounded up, never more than received. */
  public long fee(long received, boolean maker) {
    long bps = maker ? makerFeeBps : takerFeeBps;
    long whole = received / 10_000 * bps;
    long part = (received % 10_000 * bps + 9_999) / 10_000;
    return Math.min(received, whole + part);
  }
}
