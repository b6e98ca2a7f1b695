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
 * A side's levels against a sorted map, through levels created and emptied all over the side
 * (the lookup gallops from the best level): the levels, the best, the lookups and the walk from
 * the best must always be the map's.
 */
class BookSideTest {
  @Test
  void levelsMatchASortedMapThroughEmptiedAndReusedSlots() {
    for (Side side : Side.values()) {
      for (long seed = 1; seed <= 3; seed++) {
        run(side, new SplittableRandom(seed), seed == 1 ? 40 : 3000);
      }
    }
  }

  private static void run(Side side, SplittableRandom rnd, int prices) {
    BookSide s = new BookSide(side);
    // Price -> orders resting there; the map's order is best first.
    TreeMap<Long, List<Order>> model = new TreeMap<>(side == Side.BUY ? java.util.Comparator.reverseOrder()
        : java.util.Comparator.<Long>naturalOrder());
    long id = 1;
    int resting = 0;
    for (int step = 0; step < 60_000; step++) {
      long price = 1 + rnd.nextInt(prices);
      // About 30 orders over many more prices: levels empty and refill all over the side, and
      // the empty slots outgrow the live ones, so compactions happen.
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
        check(s, model, prices);
      }
    }
    check(s, model, prices);
  }

  private static void check(BookSide s, TreeMap<Long, List<Order>> model, int prices) {
    assertEquals(model.size(), s.levelCount());
    assertEquals(model.isEmpty() ? null : model.firstKey(), s.best() == null ? null : s.best().priceTicks);
    List<Long> bestFirst = new ArrayList<>();
    for (int i = 0; i < s.levelCount(); i++) {
      bestFirst.add(s.levelFromBest(i).priceTicks);
      assertEquals(model.get(s.levelFromBest(i).priceTicks).size(), s.levelFromBest(i).orderCount);
    }
    assertEquals(new ArrayList<>(model.keySet()), bestFirst);
    for (long p = 0; p <= prices + 1; p += 1 + prices / 500) {
      if (model.containsKey(p)) {
        assertEquals(p, s.find(p).priceTicks);
      } else {
        assertNull(s.find(p));
      }
    }
  }
}
