package bookshard.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.book.DepthTracker.LevelChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A local L2 book kept only from the tracker's level changes must equal the real depth. */
class DepthTrackerTest {

  @ParameterizedTest
  @ValueSource(longs = {7, 11, 99})
  void levelChangesRebuildTheDepthAfterEveryDrain(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Harness h = new Harness();
    DepthTracker tracker = new DepthTracker(new DepthBook());
    Map<Side, TreeMap<Long, LevelView>> local = Map.of(Side.BUY, new TreeMap<>(), Side.SELL, new TreeMap<>());
    int fed = 0;
    int changes = 0;
    for (int step = 0; step < 6_000; step++) {
      String account = "a" + rnd.nextInt(4);
      int kind = rnd.nextInt(100);
      if (kind < 65) {
        Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
        TimeInForce tif = rnd.nextInt(8) == 0 ? TimeInForce.IOC : TimeInForce.GTC;
        h.place(account, side, OrderType.LIMIT, tif, 95 + rnd.nextInt(11), 1 + rnd.nextInt(20));
      } else if (kind < 85) {
        h.cancel(account, 1 + rnd.nextLong(h.book.nextOrderId()));
      } else {
        long id = 1 + rnd.nextLong(h.book.nextOrderId());
        OrderView o = h.book.order(id);
        if (o != null) {
          h.amend(o.account(), id, rnd.nextBoolean() ? 0 : 95 + rnd.nextInt(11), 1 + rnd.nextInt(20));
        }
      }
      // Feed events in uneven slices: a drain may fall in the middle of one command's events.
      int upTo = rnd.nextInt(3) == 0 ? h.journal.size() : Math.min(h.journal.size(), fed + rnd.nextInt(4));
      for (; fed < upTo; fed++) {
        tracker.apply(h.journal.get(fed));
      }
      for (LevelChange c : tracker.drainChanges()) {
        changes++;
        if (c.quantityLots() == 0) {
          assertTrue(local.get(c.side()).remove(c.priceTicks()) != null, "removed a level that was not there: " + c);
        } else {
          local.get(c.side()).put(c.priceTicks(), new LevelView(c.priceTicks(), c.quantityLots(), c.orderCount()));
        }
      }
      for (Side s : Side.values()) {
        List<LevelView> expected = tracker.book().depth(s);
        List<LevelView> got = new ArrayList<>(local.get(s).values());
        if (s == Side.BUY) {
          java.util.Collections.reverse(got);
        }
        assertEquals(expected, got, "seed " + seed + " step " + step + " " + s);
      }
    }
    for (; fed < h.journal.size(); fed++) {
      tracker.apply(h.journal.get(fed));
    }
    tracker.drainChanges();
    for (Side s : Side.values()) {
      assertEquals(h.book.depth(s), tracker.book().depth(s));
    }
    assertTrue(changes > 3_000, "the workload changed levels only " + changes + " times");
  }

  @Test
  void unchangedLevelsAreNotReported() {
    Harness h = new Harness();
    h.limit("a", Side.BUY, 100, 5);
    h.limit("b", Side.SELL, 101, 5);
    DepthTracker tracker = new DepthTracker(new DepthBook());
    h.journal.forEach(tracker::apply);
    assertEquals(List.of(new LevelChange(Side.BUY, 100, 5, 1), new LevelChange(Side.SELL, 101, 5, 1)),
        tracker.drainChanges());
    int before = h.journal.size();
    // An IOC that does not cross never touches a level.
    h.place("c", Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 99, 3);
    // A partial fill, then the rest of the taker rests on the other level's side.
    h.limit("c", Side.BUY, 101, 7);
    h.journal.subList(before, h.journal.size()).forEach(tracker::apply);
    assertEquals(List.of(new LevelChange(Side.SELL, 101, 0, 0), new LevelChange(Side.BUY, 101, 2, 1)),
        tracker.drainChanges());
    assertEquals(List.of(), tracker.drainChanges());
  }
}
