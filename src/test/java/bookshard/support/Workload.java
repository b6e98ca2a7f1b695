package bookshard.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A seeded random mix of places, cancels and amends sent over HTTP, trading near 100. */
public final class Workload {
  private static final String[] ACCOUNTS = {"ann", "ben", "cat"};
  private static final String[] TIFS = {"GTC", "GTC", "GTC", "IOC", "POST_ONLY", "FOK"};

  private Workload() {}

  /** Sends {@code commands} commands; returns how many trades the acknowledged replies reported. */
  public static int run(Api api, String symbol, long seed, int commands) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<Long, String> owners = new HashMap<>();
    List<Long> ids = new ArrayList<>();
    int trades = 0;
    String base = "/books/" + symbol + "/orders";
    for (int i = 0; i < commands; i++) {
      int k = rnd.nextInt(100);
      Api.Reply r;
      if (k < 65 || ids.isEmpty()) {
        String account = ACCOUNTS[rnd.nextInt(ACCOUNTS.length)];
        String side = rnd.nextBoolean() ? "BUY" : "SELL";
        String tif = TIFS[rnd.nextInt(TIFS.length)];
        r = api.post(base, String.format(
            "{\"account\":\"%s\",\"side\":\"%s\",\"timeInForce\":\"%s\",\"priceTicks\":%d,\"quantityLots\":%d}",
            account, side, tif, 95 + rnd.nextInt(11), 1 + rnd.nextInt(10)));
        assertTrue(r.status() == 201 || r.status() == 422, "place: " + r);
        if (r.status() == 201) {
          long id = r.body().get("orderId").asLong();
          owners.put(id, account);
          ids.add(id);
        }
      } else {
        long id = ids.get(rnd.nextInt(ids.size()));
        if (k < 80) {
          r = api.delete(base + "/" + id + "?account=" + owners.get(id));
        } else {
          r = api.post(base + "/" + id + "/amend", String.format(
              "{\"account\":\"%s\",\"priceTicks\":%d,\"quantityLots\":%d}",
              owners.get(id), 95 + rnd.nextInt(11), 1 + rnd.nextInt(10)));
        }
        assertTrue(r.status() == 200 || r.status() == 404 || r.status() == 422, "cancel/amend: " + r);
      }
      if (r.status() < 300) {
        trades += r.body().get("fills").size();
      }
    }
    return trades;
  }
}
