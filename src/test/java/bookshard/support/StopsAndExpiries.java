package bookshard.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One book's stop and GTD orders through HTTP, in two halves with anything in between (a
 * restart, a failover): {@link #arrange} sets the last trade at 100 and places a buy stop at
 * 105, a sell stop-limit at 95 and two GTD orders, one expiring soon; {@link #check} proves
 * they came through: the stops still wait, the soon one expired (reason EXPIRED), the far one
 * rests, and a trade at 105 triggers the buy stop exactly once, with gapless match ids.
 */
public final class StopsAndExpiries {
  public final String symbol;
  public long buyStop;
  public long sellStopLimit;
  public long soonGtd;
  public long farGtd;
  public long soonExpiry;

  public StopsAndExpiries(String symbol) {
    this.symbol = symbol;
  }

  private static long created(Api.Reply r) {
    assertEquals(201, r.status(), String.valueOf(r.body()));
    return r.body().get("orderId").asLong();
  }

  private String orders() {
    return "/books/" + symbol + "/orders";
  }

  /** {@code expiresInMillis}: when the soon GTD order expires, from now. */
  public void arrange(Api api, long expiresInMillis) {
    created(api.place(symbol, "m", "SELL", 100, 1));
    assertEquals(201, api.place(symbol, "t", "BUY", 100, 1).status());
    created(api.place(symbol, "m", "SELL", 110, 5));
    buyStop = created(api.post(orders(), "{\"account\":\"stopper\",\"clientOrderId\":\"bs-1\",\"side\":\"BUY\","
        + "\"type\":\"STOP\",\"stopPriceTicks\":105,\"quantityLots\":2}"));
    sellStopLimit = created(api.post(orders(), "{\"account\":\"stopper\",\"side\":\"SELL\",\"type\":\"STOP_LIMIT\","
        + "\"stopPriceTicks\":95,\"priceTicks\":94,\"quantityLots\":3}"));
    Api.Reply waiting = api.get(orders() + "/" + buyStop);
    assertEquals("STOP_WAITING", waiting.body().get("status").asText(), waiting.toString());
    assertEquals(105, waiting.body().get("stopPriceTicks").asLong());
    long now = System.currentTimeMillis();
    farGtd = created(api.post(orders(), "{\"account\":\"gtd\",\"side\":\"BUY\",\"timeInForce\":\"GTD\","
        + "\"priceTicks\":60,\"quantityLots\":1,\"expireAtMillis\":" + (now + 3_600_000) + "}"));
    soonExpiry = now + expiresInMillis;
    soonGtd = created(api.post(orders(), "{\"account\":\"gtd\",\"side\":\"BUY\",\"timeInForce\":\"GTD\","
        + "\"priceTicks\":50,\"quantityLots\":1,\"expireAtMillis\":" + soonExpiry + "}"));
  }

  public void check(Api api) throws InterruptedException {
    JsonNode open = api.get(orders() + "?account=stopper").body();
    assertEquals(2, open.get("stops").size(), open.toString());
    long until = System.currentTimeMillis() + 15_000;
    JsonNode soon;
    while (!(soon = api.get(orders() + "/" + soonGtd).body()).get("status").asText().equals("CANCELLED")) {
      assertTrue(System.currentTimeMillis() < until, "GTD order not expired 15 s after its time: " + soon);
      Thread.sleep(50);
    }
    assertTrue(System.currentTimeMillis() >= soonExpiry, "expired early");
    assertEquals("EXPIRED", soon.get("cancelReason").asText(), soon.toString());
    assertEquals("RESTING", api.get(orders() + "/" + farGtd).body().get("status").asText());
    assertEquals(1, api.get("/books/" + symbol).body().get("lastMatchId").asLong(), "no trade happened meanwhile");

    created(api.place(symbol, "x", "SELL", 105, 1));
    assertEquals(201, api.place(symbol, "y", "BUY", 105, 1).status());
    JsonNode stop = api.get(orders() + "/" + buyStop).body();
    assertEquals("FILLED", stop.get("status").asText(), stop.toString());
    JsonNode trades = api.get("/books/" + symbol + "/trades?afterMatchId=0").body().get("trades");
    assertEquals(3, trades.size(), trades.toString());
    for (int i = 0; i < trades.size(); i++) {
      assertEquals(i + 1, trades.get(i).get("matchId").asLong(), "gapless match ids");
    }
    JsonNode last = trades.get(2);
    assertEquals(buyStop, last.get("takerOrderId").asLong());
    assertEquals(110, last.get("priceTicks").asLong());
    assertEquals(2, last.get("quantityLots").asLong());
    assertEquals("STOP_WAITING", api.get(orders() + "/" + sellStopLimit).body().get("status").asText());
  }
}
