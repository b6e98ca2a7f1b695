package bookshard.load;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** What both simulations share: where to send, which books, and the orders they place. */
final class Orders {
  static final List<String> BASE_URLS =
      Arrays.asList(System.getProperty("baseUrls", "http://127.0.0.1:8080").split(","));
  static final List<String> SYMBOLS =
      Arrays.asList(System.getProperty("symbols", "BTC-USD,ETH-USD,SOL-USD").split(","));
  static final int SECONDS = Integer.parseInt(System.getProperty("seconds", "30"));

  private Orders() {}

  /**
   * Orders near the touch, one in ten crossing it (then IOC: {@code tif}); {@code cancel} says
   * whether the client cancels the order if it rests.
   */
  static Iterator<Map<String, Object>> feeder() {
    return Stream.generate((Supplier<Map<String, Object>>) () -> {
      ThreadLocalRandom r = ThreadLocalRandom.current();
      boolean buy = r.nextBoolean();
      boolean crossing = r.nextInt(10) == 0;
      long offset = crossing ? -2 : 1 + r.nextInt(20);
      return Map.of(
          "symbol", SYMBOLS.get(r.nextInt(SYMBOLS.size())),
          "account", "trader" + r.nextInt(500),
          "side", buy ? "BUY" : "SELL",
          "tif", crossing ? "IOC" : "GTC",
          "price", buy ? 10_000 - offset : 10_000 + offset,
          "quantity", 1 + r.nextInt(10),
          "cancel", r.nextBoolean());
    }).iterator();
  }
}
