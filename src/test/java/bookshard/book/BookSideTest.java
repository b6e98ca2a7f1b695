package bookshard.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A side's levels against a sorted map, through levels created and emptied all over the side, in
 * the window and outside it: the levels, the best, the lookups and the walk from the best must
 * always be the map's.
 */
class BookSideTest {
  @Test
  void levelsMatchASortedMapThroughEmptiedAndReusedSlots() {
    for (Side side : Side.values()) {
      for (long seed = 1; seed <= 3; seed++) {
        run(new BookSide(side), new SplittableRandom(seed), seed == 1 ? 40 : 3000, 0);
      }
    }
  }

  /**
   * A window of 64 or 256 ticks over prices spread over thousands, and prices that drift a long
   * way: most levels are outside the window, the best leaves it and the window follows.
   */
  @Test
  void levelsOutsideTheWindowAndAWindowThatMoves() {
    for (Side side : Side.values()) {
      for (long seed = 1; seed <= 3; seed++) {
        run(new BookSide(side, 64), new SplittableRandom(seed), 3000, 0);
        run(new BookSide(side, 256), new SplittableRandom(seed), 400, 1);
        run(new BookSide(side, 64), new SplittableRandom(seed), 100, -1);
      }
    }
  }

  /** A side emptied and filled again a long way off, on both sides of where it was. */
  @Test
  void anEmptiedSideStartsAgainElsewhere() {
    for (Side side : Side.values()) {
      BookSide s = new BookSide(side, 64);
      long id = 1;
      for (long centre : new long[] {1_000, 900_000, 5_000, 5_100}) {
        List<Order> resting = new ArrayList<>();
        for (long p = centre; p < centre + 300; p += 3) {
          Order o = new Order();
          o.set(id++, "a", null, side, OrderType.LIMIT, TimeInForce.GTC, p, 1, 1, 0, 0, 0, 0);
          s.getOrCreate(p).append(o);
          resting.add(o);
        }
        List<Long> bestFirst = new ArrayList<>();
        for (Level l = s.best(); l != null; l = s.worseThan(l)) {
          bestFirst.add(l.priceTicks);
        }
        assertEquals(100, bestFirst.size());
        assertEquals(side == Side.BUY ? centre + 297 : centre, bestFirst.get(0));
        assertEquals(side == Side.BUY ? centre : centre + 297, bestFirst.get(99));
        assertEquals(centre + 150, s.find(centre + 150).priceTicks);
        for (Order o : resting) {
          Level level = o.level;
          level.unlink(o);
          s.remove(level);
        }
        assertNull(s.best());
        assertEquals(0, s.levelCount());
      }
    }
  }

  /** {@code drift}: every 50 steps the prices drawn move this many ticks (down if negative). */
  private static void run(BookSide s, SplittableRandom rnd, int prices, int drift) {
    Side side = s.side();
    long centre = 100_000;
    // Price -> orders resting there; the map's order is best first.
    TreeMap<Long, List<Order>> model = new TreeMap<>(side == Side.BUY ? java.util.Comparator.reverseOrder()
        : java.util.Comparator.<Long>naturalOrder());
    long id = 1;
    int resting = 0;
    for (int step = 0; step < 60_000; step++) {
      if (step % 50 == 0) {
        centre += drift;
      }
      long price = centre + rnd.nextInt(prices);
      // About 30 orders over many more prices: levels empty and refill all over the side.
      if ((resting < 30 && rnd.nextInt(100) < 60) || resting == 0) {
        resting++;
        Order o = new Order();
        o.set(id++, "a", null, side, OrderType.LIMIT, TimeInForce.GTC, price, 1, 1, 0, 0, 0, 0);
        s.getOrCreate(price).append(o);
        model.computeIfAbsent(price, p -> new ArrayList<>()).add(o);
      } else {
        // Take an order off some level: the top one now and then, else anywhere.
        Map.Entry<Long, List<Order>> e = rnd.nextInt(5) == 0 ? model.firstEntry()
            : model.ceilingEntry(price);
        if (e == null) {
          e = model.firstEntry();
        }
        Order o = e.getValue().remove(e.getValue().size() - 1);
        resting--;
        Level level = o.level;
        level.unlink(o);
        if (level.isEmpty()) {
          s.remove(level);
        }
        if (e.getValue().isEmpty()) {
          model.remove(e.getKey());
        }
      }
      if (step % 97 == 0) {
        check(s, model, centre, prices);
      }
    }
    check(s, model, centre, prices);
  }

  private static void check(BookSide s, TreeMap<Long, List<Order>> model, long centre, int prices) {
    assertEquals(model.size(), s.levelCount());
    assertEquals(model.isEmpty() ? null : model.firstKey(), s.best() == null ? null : s.best().priceTicks);
    List<Long> bestFirst = new ArrayList<>();
    for (Level l = s.best(); l != null; l = s.worseThan(l)) {
      bestFirst.add(l.priceTicks);
      assertEquals(model.get(l.priceTicks).size(), l.orderCount);
    }
    assertEquals(new ArrayList<>(model.keySet()), bestFirst);
    for (long p : model.keySet()) {
      assertEquals(p, s.find(p).priceTicks);
    }
    for (long p = centre - prices; p <= centre + 2L * prices; p += 1 + prices / 500) {
      if (model.containsKey(p)) {
        assertEquals(p, s.find(p).priceTicks);
      } else {
        assertNull(s.find(p));
      }
    }
  }
}
