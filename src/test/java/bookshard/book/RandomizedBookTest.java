package bookshard.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.book.BookEvent.TradeExecuted;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Thousands of random commands through the real book and the naive reference must agree. */
class RandomizedBookTest {
  private static final String[] ACCOUNTS = {"a", "b", "c", "d"};
  private static final TimeInForce[] TIFS = TimeInForce.values();

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 2024})
  void realBookAgreesWithReference(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Harness h = new Harness();
    ReferenceBook ref = new ReferenceBook();
    int tradesSeen = 0;
    int budgeted = 0;
    int overBudget = 0;
    for (int step = 0; step < 8_000; step++) {
      h.expire();
      ref.expire(h.clock);
      String account = ACCOUNTS[rnd.nextInt(ACCOUNTS.length)];
      int kind = rnd.nextInt(100);
      Harness.Result got;
      RejectReason expected;
      String what;
      if (kind < 70) {
        Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
        int t = rnd.nextInt(40);
        OrderType type = t < 2 ? OrderType.MARKET : t < 4 ? OrderType.STOP : t < 7 ? OrderType.STOP_LIMIT
            : OrderType.LIMIT;
        boolean market = type == OrderType.MARKET || type == OrderType.STOP;
        TimeInForce tif = market && rnd.nextInt(4) != 0 ? TimeInForce.IOC
            : type == OrderType.STOP_LIMIT && rnd.nextBoolean() ? TimeInForce.GTC
            : TIFS[rnd.nextInt(TIFS.length)];
        long price = market ? (rnd.nextInt(30) == 0 ? 100 : 0) : 90 + rnd.nextInt(21);
        if (rnd.nextInt(200) == 0) {
          price = -price;
        }
        long qty = rnd.nextInt(200) == 0 ? 0 : 1 + rnd.nextInt(20);
        long stop = type.isStop() == (rnd.nextInt(100) != 0) ? 90 + rnd.nextInt(21) : 0;
        long now = h.clock + 1;
        long expireAt = (tif == TimeInForce.GTD) == (rnd.nextInt(100) != 0) ? now - 2 + rnd.nextInt(300) : 0;
        what = "place " + account + " " + side + " " + type + " " + tif + " " + price + "x" + qty + " stop " + stop
            + " expires " + expireAt + " at " + now;
        // Some market buys carry a budget (most of them FOK, so it applies), around what they would cost.
        long budget = type == OrderType.MARKET && side == Side.BUY && rnd.nextInt(3) != 0 ? qty * (95 + rnd.nextInt(20))
            : rnd.nextInt(500) == 0 ? 1 + rnd.nextInt(1000) : 0;
        if (budget > 0 && rnd.nextInt(4) != 0) {
          tif = TimeInForce.FOK;
        }
        what += " budget " + budget + " " + tif;
        got = h.place(new NewOrder(account, null, side, type, tif, price, qty, stop, expireAt, budget));
        expected = ref.place(account, side, type, tif, price, qty, stop, expireAt, now, budget);
        if (budget > 0 && expected == null) {
          budgeted++;
        } else if (expected == RejectReason.MAX_NOTIONAL_EXCEEDED) {
          overBudget++;
        }
      } else if (kind < 85) {
        long id = 1 + rnd.nextLong(Math.max(1, ref.nextId));
        String who = rnd.nextInt(10) == 0 ? account : ownerOr(ref, id, account);
        what = "cancel " + who + " " + id;
        got = h.cancel(who, id);
        expected = ref.cancel(who, id);
      } else {
        long id = 1 + rnd.nextLong(Math.max(1, ref.nextId));
        String who = rnd.nextInt(10) == 0 ? account : ownerOr(ref, id, account);
        long price = rnd.nextBoolean() ? 0 : 90 + rnd.nextInt(21);
        long qty = rnd.nextInt(100) == 0 ? 0 : 1 + rnd.nextInt(20);
        what = "amend " + who + " " + id + " " + price + "x" + qty;
        got = h.amend(who, id, price, qty);
        expected = ref.amend(who, id, price, qty);
      }
      String at = "seed " + seed + " step " + step + ": " + what;
      assertEquals(expected, got.rejected(), at);
      List<ReferenceBook.Trade> trades = new ArrayList<>();
      for (BookEvent e : h.journal) {
        if (e instanceof TradeExecuted t) {
          trades.add(new ReferenceBook.Trade(
              t.matchId(), t.priceTicks(), t.quantityLots(), t.makerOrderId(), t.takerOrderId()));
        }
      }
      assertEquals(ref.trades.subList(tradesSeen, ref.trades.size()), trades.subList(tradesSeen, trades.size()), at);
      tradesSeen = trades.size();
      assertEquals(ref.side(Side.BUY), describe(h.book, Side.BUY), at);
      assertEquals(ref.side(Side.SELL), describe(h.book, Side.SELL), at);
      assertEquals(ref.waitingStops(), h.book.waitingStops(null, Integer.MAX_VALUE).stream()
          .map(o -> o.orderId() + ":" + o.stopPriceTicks() + ":" + o.remainingLots()).toList(), at);
      if (step % 1000 == 999) {
        assertRebuildsEqual(h, at);
      }
    }
    assertEquals(ref.trades.size(), h.book.lastMatchId());
    long triggers = h.journal.stream().filter(e -> e instanceof BookEvent.StopTriggered).count();
    long expiries = h.journal.stream()
        .filter(e -> e instanceof BookEvent.OrderCancelled c && c.reason() == CancelReason.EXPIRED).count();
    assertTrue(budgeted > 20 && overBudget > 20, "budgeted market buys: " + budgeted + " filled, " + overBudget
        + " over budget");
    assertTrue(triggers > 100 && expiries > 50, "the run exercised stops and expiry: " + triggers + " triggers, "
        + expiries + " expiries");
  }

  private static String ownerOr(ReferenceBook ref, long id, String fallback) {
    return java.util.stream.Stream.concat(ref.resting.stream(), ref.stops.stream()).filter(r -> r.id == id)
        .map(r -> r.account).findFirst().orElse(fallback);
  }

  static List<String> describe(OrderBook book, Side side) {
    return book.restingOrders(side).stream()
        .map(o -> o.orderId() + ":" + o.priceTicks() + ":" + o.remainingLots())
        .toList();
  }

  /** Replay of the whole journal and a snapshot restore must both equal the live book. */
  private static void assertRebuildsEqual(Harness h, String at) {
    OrderBook replayed = new OrderBook();
    h.journal.forEach(replayed::apply);
    List<OrderView> all = new ArrayList<>(h.book.restingOrders(Side.BUY));
    all.addAll(h.book.restingOrders(Side.SELL));
    all.addAll(h.book.waitingStops(null, Integer.MAX_VALUE));
    OrderBook.Restorer r = new OrderBook.Restorer(h.book.nextOrderId(), h.book.nextMatchId());
    all.forEach(r::add);
    r.lastTradePriceTicks(h.book.lastTradePriceTicks());
    OrderBook restored = r.finish();
    for (OrderBook other : List.of(replayed, restored)) {
      for (Side s : Side.values()) {
        assertEquals(h.book.restingOrders(s), other.restingOrders(s), at);
        assertEquals(h.book.depth(s, 1000), other.depth(s, 1000), at);
      }
      assertEquals(h.book.waitingStops(null, Integer.MAX_VALUE), other.waitingStops(null, Integer.MAX_VALUE), at);
      assertEquals(h.book.lastTradePriceTicks(), other.lastTradePriceTicks(), at);
      assertEquals(h.book.nextExpiryMillis(), other.nextExpiryMillis(), at);
      assertEquals(h.book.nextMatchId(), other.nextMatchId(), at);
      assertEquals(h.book.nextOrderId(), other.nextOrderId(), at);
    }
  }
}
