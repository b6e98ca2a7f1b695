package bookshard.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FinishedOrdersTest {
  private static FinishedOrders.Finished finished(SplittableRandom rnd, long id) {
    OrderView o = new OrderView(id, "acct" + rnd.nextInt(5), rnd.nextBoolean() ? null : "c" + id,
        Side.values()[rnd.nextInt(2)], OrderType.values()[rnd.nextInt(OrderType.values().length)],
        TimeInForce.values()[rnd.nextInt(TimeInForce.values().length)], 1 + rnd.nextInt(1000), 10,
        rnd.nextInt(10), rnd.nextInt(10), rnd.nextLong(1, 1L << 40), rnd.nextInt(3), rnd.nextInt(3), rnd.nextBoolean());
    boolean cancelled = rnd.nextBoolean();
    return new FinishedOrders.Finished(o, cancelled ? OrderStatus.CANCELLED : OrderStatus.FILLED,
        cancelled ? CancelReason.values()[rnd.nextInt(CancelReason.values().length)] : null, rnd.nextLong(1, 1L << 40));
  }

  /** The map it replaced: insertion order, a repeated id keeps its place, the eldest go past capacity. */
  @Test
  void keepsTheLastFinishedOrdersAsABoundedInsertionOrderedMapWould() {
    for (int capacity : new int[] {1, 7, 100, 1000}) {
      SplittableRandom rnd = new SplittableRandom(capacity);
      FinishedOrders ring = new FinishedOrders(capacity);
      Map<Long, FinishedOrders.Finished> expected = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, FinishedOrders.Finished> eldest) {
          return size() > capacity;
        }
      };
      long next = 1;
      for (int step = 0; step < 20_000; step++) {
        // Mostly new ids, sometimes one finished again (a restore over a snapshot's entries).
        long id = rnd.nextInt(10) == 0 && next > 1 ? rnd.nextLong(Math.max(1, next - 2L * capacity), next) : next++;
        FinishedOrders.Finished f = finished(rnd, id);
        ring.add(f);
        expected.put(id, f);
        if (step % 997 == 0 || step == 19_999) {
          assertEquals(new ArrayList<>(expected.values()), ring.all(), "capacity " + capacity + ", step " + step);
          List<FinishedOrders.Finished> newestFirst = new ArrayList<>();
          ring.forEach(true, (oid, account, client, side, type, tif, price, qty, remaining, filled, ts, stop, expire,
              waiting, status, reason, at) -> newestFirst.add(new FinishedOrders.Finished(new OrderView(oid, account,
              client, side, type, tif, price, qty, remaining, filled, ts, stop, expire, waiting), status, reason, at)));
          List<FinishedOrders.Finished> reversed = new ArrayList<>(expected.values());
          java.util.Collections.reverse(reversed);
          assertEquals(reversed, newestFirst);
        }
        long probe = rnd.nextLong(1, next + 5);
        assertEquals(expected.get(probe), ring.get(probe), "capacity " + capacity + ", id " + probe);
      }
      assertEquals(Math.min(capacity, expected.size()), ring.size());
      assertNull(ring.get(next + 1));
    }
  }
}
