package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.support.AccountWorkload;
import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.TestNodes;
import com.typesafe.config.Config;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A hold follows its order down: reducing an order, or lowering a buy's price, gives back what
 * the order can no longer cost, at once and exactly once (a restart replays the settlement from
 * its progress and changes nothing). BTC-USD: a lot is 100 BTC units, a tick x lot 10 USD.
 */
class HoldFollowsOrderTest {
  @ParameterizedTest
  @EnumSource(Backend.class)
  void reducingOrLoweringAnOrderReleasesWhatItCanNoLongerCost(Backend backend) throws Exception {
    Config journal = backend.freshJournal(Files.createTempDirectory("hold-follows"));
    try (BookshardNode node = TestNodes.start(journal, AccountWorkload.CONFIG)) {
      Api api = new Api(node.baseUrl());
      AccountWorkload w = new AccountWorkload(List.of("h1"), 1);
      w.deposit(api, "h1", "USD", 3_000);
      w.deposit(api, "h1", "BTC", 500);

      long buy = placed(api, "{\"account\":\"h1\",\"side\":\"BUY\",\"priceTicks\":100,\"quantityLots\":3,"
          + "\"clientOrderId\":\"b1\"}");
      awaitBalance(api, "USD", 0, 3_000);
      Api.Reply reduced = api.post("/books/BTC-USD/orders/" + buy + "/amend", "{\"account\":\"h1\",\"quantityLots\":1}");
      assertEquals(200, reduced.status(), String.valueOf(reduced.body()));
      awaitBalance(api, "USD", 2_000, 1_000);
      // What the reduce gave back buys again: 2 lots at 100.
      placed(api, "{\"account\":\"h1\",\"side\":\"BUY\",\"priceTicks\":100,\"quantityLots\":2,\"clientOrderId\":\"b2\"}");
      awaitBalance(api, "USD", 0, 3_000);
      // A lower price on the 1-lot order: 100 -> 40 holds 400 of its 1,000.
      Api.Reply lowered = api.post("/books/BTC-USD/orders/" + buy + "/amend",
          "{\"account\":\"h1\",\"priceTicks\":40,\"quantityLots\":1}");
      assertEquals(200, lowered.status(), String.valueOf(lowered.body()));
      awaitBalance(api, "USD", 600, 2_400);

      // A sell holds its base: 5 lots = 500 BTC; reduced to 2 lots, 200.
      long sell = placed(api, "{\"account\":\"h1\",\"side\":\"SELL\",\"priceTicks\":200,\"quantityLots\":5,"
          + "\"clientOrderId\":\"s1\"}");
      awaitBalance(api, "BTC", 0, 500);
      assertEquals(200, api.post("/books/BTC-USD/orders/" + sell + "/amend", "{\"account\":\"h1\",\"quantityLots\":2}").status());
      awaitBalance(api, "BTC", 300, 200);

      // Cancelled, each order gives back the rest of its hold, and nothing more.
      assertEquals(200, api.delete("/books/BTC-USD/orders?account=h1").status());
      awaitBalance(api, "USD", 3_000, 0);
      awaitBalance(api, "BTC", 500, 0);
    }
    // Exactly once: the settlement starts again from its progress and releases nothing twice.
    try (BookshardNode node = TestNodes.start(journal, AccountWorkload.CONFIG)) {
      Api api = new Api(node.baseUrl());
      Thread.sleep(2_000);
      assertEquals("[3000, 0]", Arrays.toString(AccountWorkload.balances(api, "h1").get("USD")));
      assertEquals("[500, 0]", Arrays.toString(AccountWorkload.balances(api, "h1").get("BTC")));
    }
  }

  /**
   * With accounts a STOP buy is a protected stop (stop-buy-protection-bps, 500 by default): it
   * holds its stop price plus 5% per lot, and once triggered buys up to that price only.
   */
  @org.junit.jupiter.api.Test
  void aStopBuyHoldsItsProtectedPriceAndBuysNoHigher() throws Exception {
    Config journal = Backend.H2.freshJournal(Files.createTempDirectory("stop-buy"));
    try (BookshardNode node = TestNodes.start(journal, AccountWorkload.CONFIG)) {
      Api api = new Api(node.baseUrl());
      AccountWorkload w = new AccountWorkload(List.of("h1", "h2", "h3"), 1);
      w.deposit(api, "h1", "USD", 3_000);
      w.deposit(api, "h2", "BTC", 300);
      w.deposit(api, "h3", "USD", 3_000);

      Api.Reply stop = api.post("/books/BTC-USD/orders", "{\"account\":\"h1\",\"side\":\"BUY\",\"type\":\"STOP\","
          + "\"timeInForce\":\"IOC\",\"stopPriceTicks\":100,\"quantityLots\":2,\"clientOrderId\":\"stop-1\"}");
      assertEquals(201, stop.status(), String.valueOf(stop.body()));
      assertEquals("STOP_WAITING", stop.body().get("status").asText(), String.valueOf(stop.body()));
      // Limit 100 + 5% = 105: 2 lots x 105 ticks x 10 USD.
      awaitBalance(api, "h1", "USD", 900, 2_100);

      placed(api, "{\"account\":\"h2\",\"side\":\"SELL\",\"priceTicks\":100,\"quantityLots\":1}");
      placed(api, "{\"account\":\"h2\",\"side\":\"SELL\",\"priceTicks\":104,\"quantityLots\":1}");
      placed(api, "{\"account\":\"h2\",\"side\":\"SELL\",\"priceTicks\":110,\"quantityLots\":1}");
      // h3 lifts the ask at 100: the last trade reaches the stop, which buys 104 and not 110 (above 105).
      Api.Reply lift = api.post("/books/BTC-USD/orders",
          "{\"account\":\"h3\",\"side\":\"BUY\",\"priceTicks\":100,\"quantityLots\":1}");
      assertEquals(201, lift.status(), String.valueOf(lift.body()));
      awaitBalance(api, "h1", "USD", 3_000 - 1_040, 0);
      long[] btc = AccountWorkload.balances(api, "h1").get("BTC");
      assertEquals(100 - 1, btc[0], "one lot (100 BTC units) less the 0.25% taker fee, rounded up");
      Api.Reply asks = api.get("/books/BTC-USD");
      assertEquals(110, asks.body().get("asks").get(0).get("priceTicks").asLong(), String.valueOf(asks.body()));
    }
  }

  private static long placed(Api api, String order) {
    Api.Reply r = api.post("/books/BTC-USD/orders", order);
    assertEquals(201, r.status(), String.valueOf(r.body()));
    assertEquals("RESTING", r.body().get("status").asText(), String.valueOf(r.body()));
    return r.body().get("orderId").asLong();
  }

  /** The settlement runs after the book's write: waits (up to 20 s) for the account's asset to read {available, held}. */
  private static void awaitBalance(Api api, String asset, long available, long held) throws InterruptedException {
    awaitBalance(api, "h1", asset, available, held);
  }

  private static void awaitBalance(Api api, String account, String asset, long available, long held)
      throws InterruptedException {
    long until = System.currentTimeMillis() + 20_000;
    while (true) {
      long[] b = AccountWorkload.balances(api, account).getOrDefault(asset, new long[2]);
      if (b[0] == available && b[1] == held) {
        return;
      }
      assertTrue(System.currentTimeMillis() < until,
          asset + " is " + Arrays.toString(b) + ", expected [" + available + ", " + held + "]");
      Thread.sleep(100);
    }
  }
}
