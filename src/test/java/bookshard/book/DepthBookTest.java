package bookshard.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.book.BookEvent.OrderCancelled;
import bookshard.book.BookEvent.OrderReduced;
import bookshard.book.BookEvent.OrderReplaced;
import bookshard.book.BookEvent.OrderRested;
import bookshard.book.BookEvent.TradeExecuted;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A book's levels kept from its events alone (no orders) equal the levels of the book itself
 * after every event: rests, fills, cancels of resting orders, of waiting stops and of takers'
 * remainders, self-trade cancels, reduces, replaces, stop triggers and expiries. And the same
 * from rows of the old kind, which named an order by its id alone.
 */
class DepthBookTest {

  /** Every kind of command, on few accounts (self-trade cancels) and few prices (trades). */
  private static Harness trade(long seed, int steps) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Harness h = new Harness();
    for (int step = 0; step < steps; step++) {
      String account = "a" + rnd.nextInt(5);
      Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
      int kind = rnd.nextInt(100);
      long price = 95 + rnd.nextInt(11);
      if (kind < 45) {
        TimeInForce tif = switch (rnd.nextInt(10)) {
          case 0 -> TimeInForce.IOC;
          case 1 -> TimeInForce.FOK;
          case 2 -> TimeInForce.POST_ONLY;
          default -> TimeInForce.GTC;
        };
        h.place(account, side, OrderType.LIMIT, tif, price, 1 + rnd.nextInt(20));
      } else if (kind < 50) {
        h.place(account, side, OrderType.MARKET, TimeInForce.IOC, 0, 1 + rnd.nextInt(30));
      } else if (kind < 55) {
        // A stop beyond the last trade, so it waits (or is refused as triggering at once).
        long stop = side == Side.BUY ? 104 + rnd.nextInt(3) : 94 + rnd.nextInt(3);
        h.place(new NewOrder(account, null, side, OrderType.STOP_LIMIT, TimeInForce.GTC, price, 1 + rnd.nextInt(10),
            stop, 0));
      } else if (kind < 60) {
        h.place(new NewOrder(account, null, side, OrderType.LIMIT, TimeInForce.GTD, price, 1 + rnd.nextInt(10), 0,
            h.clock + 1 + rnd.nextInt(30)));
      } else if (kind < 75) {
        h.cancel(account, 1 + rnd.nextLong(h.book.nextOrderId()));
      } else {
        var resting = h.book.restingOrders(side);
        OrderView o = resting.isEmpty() ? null : resting.get(rnd.nextInt(resting.size()));
        if (o != null && rnd.nextBoolean()) {
          h.amend(o.account(), o.orderId(), rnd.nextBoolean() ? 0 : price, 1 + rnd.nextInt(20));
        } else if (o != null) {
          h.amend(o.account(), o.orderId(), 0, 1 + rnd.nextLong(o.remainingLots()));
        }
      }
      h.expire();
    }
    return h;
  }

  private static void assertSameLevels(OrderBook expected, DepthBook got, String where) {
    for (Side s : Side.values()) {
      assertEquals(expected.depth(s), got.depth(s), where + " " + s);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {3, 17, 2024})
  void levelsFromLocatedEventsEqualTheBook(long seed) {
    Harness h = trade(seed, 5_000);
    OrderBook replay = new OrderBook();
    DepthBook depth = new DepthBook();
    int[] kinds = new int[8];
    for (int i = 0; i < h.journal.size(); i++) {
      BookEvent e = h.journal.get(i);
      assertTrue(BookEvent.locatesOrders(e), "the core locates every order it moves: " + e);
      replay.apply(e);
      depth.apply(e);
      assertSameLevels(replay, depth, "seed " + seed + " event " + i + " " + e);
      count(kinds, e);
    }
    assertSameLevels(h.book, depth, "at the end");
    for (int k = 0; k < kinds.length; k++) {
      assertTrue(kinds[k] > 10, "the workload made only " + kinds[k] + " events of kind " + k);
    }
  }

  /** Rests, fills, cancels on and off levels, self-trade cancels, reduces, replaces, triggers, expiries. */
  private static void count(int[] kinds, BookEvent e) {
    if (e instanceof OrderRested) {
      kinds[0]++;
    } else if (e instanceof TradeExecuted) {
      kinds[1]++;
    } else if (e instanceof OrderCancelled c) {
      kinds[c.leftLevel() ? 2 : 3]++;
      if (c.reason() == CancelReason.SELF_TRADE_PREVENTION) {
        kinds[4]++;
      } else if (c.reason() == CancelReason.EXPIRED) {
        kinds[7]++;
      }
    } else if (e instanceof OrderReduced) {
      kinds[5]++;
    } else if (e instanceof OrderReplaced || e instanceof BookEvent.StopTriggered) {
      kinds[6]++;
    }
  }

  /** An event as a row written before events located their orders reads. */
  private static BookEvent asOldRow(BookEvent e) {
    if (e instanceof OrderRested r) {
      return new OrderRested(r.orderId());
    } else if (e instanceof OrderCancelled c) {
      return new OrderCancelled(c.orderId(), c.cancelledLots(), c.reason(), c.timestampMillis(), null, null);
    } else if (e instanceof OrderReduced r) {
      return new OrderReduced(r.orderId(), r.remainingLots(), r.timestampMillis(), null, null, null, 0);
    } else if (e instanceof OrderReplaced r) {
      return new OrderReplaced(r.orderId(), r.priceTicks(), r.remainingLots(), r.timestampMillis(), null, null, null);
    } else if (e instanceof TradeExecuted t) {
      return new TradeExecuted(t.matchId(), t.priceTicks(), t.quantityLots(), t.makerOrderId(), t.takerOrderId(),
          t.makerAccount(), t.takerAccount(), t.takerSide(), t.timestampMillis(), null, null, false, false);
    }
    return e;
  }

  @ParameterizedTest
  @ValueSource(longs = {5, 41})
  void oldRowsAfterASnapshotReadThroughTheOrdersUntilNewOnesCome(long seed) {
    Harness h = trade(seed, 4_000);
    // Snapshots are taken between commands: here, before an order's acceptance.
    int snapshotAt = h.journal.size() / 4;
    while (!(h.journal.get(snapshotAt) instanceof BookEvent.OrderAccepted)) {
      snapshotAt++;
    }
    int upgradeAt = h.journal.size() / 2;
    OrderBook replay = new OrderBook();
    h.journal.subList(0, snapshotAt).forEach(replay::apply);
    // The snapshot holds the orders, resting and waiting.
    DepthBook depth = new DepthBook();
    for (Side s : Side.values()) {
      for (OrderView o : replay.restingOrders(s)) {
        depth.add(o.orderId(), o.side(), o.priceTicks(), o.remainingLots(), true);
      }
    }
    for (OrderView o : replay.waitingStops(null, Integer.MAX_VALUE)) {
      depth.add(o.orderId(), o.side(), o.priceTicks(), o.remainingLots(), false);
    }
    assertSameLevels(replay, depth, "from the snapshot");
    DepthTracker tracker = new DepthTracker(depth);
    for (int i = snapshotAt; i < h.journal.size(); i++) {
      BookEvent e = h.journal.get(i);
      replay.apply(e);
      tracker.apply(i < upgradeAt ? asOldRow(e) : e);
      for (DepthTracker.LevelChange c : tracker.drainChanges()) {
        LevelView now = replay.level(c.side(), c.priceTicks());
        assertEquals(now == null ? 0 : now.quantityLots(), c.quantityLots(), "event " + i + ": " + c);
      }
      assertSameLevels(replay, depth, "seed " + seed + " event " + i + (i < upgradeAt ? " (old row) " : " ") + e);
    }
    // Once events located their orders, the orders are not kept: an old row now cannot be read.
    BookEvent rest = h.journal.stream().filter(e -> e instanceof OrderRested).findFirst().orElseThrow();
    assertThrows(IllegalStateException.class, () -> depth.apply(asOldRow(rest)));
  }
}
