package bookshard.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OrderIndexTest {
  private static Order order(long id) {
    Order o = new Order();
    o.orderId = id;
    return o;
  }

  private static void assertSameContent(Map<Long, Order> expected, OrderIndex index, long maxId) {
    assertEquals(expected.size(), index.size());
    for (long id = 1; id <= maxId; id++) {
      Order want = expected.get(id);
      if (want == null) {
        assertNull(index.get(id), "id " + id);
      } else {
        assertSame(want, index.get(id), "id " + id);
      }
    }
  }

  @Test
  void agreesWithAMapWhileOldOrdersThinOutAndMemoryFollowsTheLiveOrders() {
    SplittableRandom rnd = new SplittableRandom(3);
    OrderIndex index = new OrderIndex();
    Map<Long, Order> expected = new HashMap<>();
    List<Long> live = new ArrayList<>();
    long next = 1;
    for (int step = 0; step < 400_000; step++) {
      if (live.isEmpty() || rnd.nextInt(100) < 52) {
        Order o = order(next++);
        index.put(o);
        expected.put(o.orderId, o);
        live.add(o.orderId);
      } else {
        int i = rnd.nextInt(live.size());
        long id = live.get(i);
        live.set(i, live.get(live.size() - 1));
        live.remove(live.size() - 1);
        index.remove(id);
        expected.remove(id);
      }
    }
    assertSameContent(expected, index, next);
    // ~16k live orders spread over 400k ids (391 pages of 1,024): pages below 1/32 full were
    // handed to the map, and every page kept holds at least 32 live orders.
    assertTrue(index.pages() <= expected.size() / 32 + 2, index.pages() + " pages for " + expected.size());
    assertTrue(index.pages() < 100, index.pages() + " pages of " + (next >>> 10) + " kept");
    for (long id : live) {
      index.remove(id);
    }
    assertEquals(0, index.size());
    assertNull(index.get(live.get(0)));
  }

  @Test
  void aRestoreOfScatteredOldOrdersKeepsDensePagesAndMapsTheRest() {
    OrderIndex index = new OrderIndex();
    Map<Long, Order> expected = new HashMap<>();
    List<Order> added = new ArrayList<>();
    // A dense run of recent ids and a few very old ones, in no particular order.
    for (long id = 9_990_000; id > 9_980_000; id -= 2) {
      added.add(order(id));
    }
    for (long id = 7; id < 5_000_000; id += 250_000) {
      added.add(order(id));
    }
    for (Order o : added) {
      expected.put(o.orderId, o);
    }
    index.restore(added, 10_000_000);
    assertTrue(index.pages() >= 9 && index.pages() <= 11, "pages " + index.pages());
    for (Order o : added) {
      assertSame(o, index.get(o.orderId));
    }
    assertNull(index.get(9_980_001));
    // A new order in the page of restored ones that stayed in the map: both are found.
    Order sameRange = order(10_000_001);
    Order old = order(9_999_999);
    OrderIndex small = new OrderIndex();
    small.restore(new ArrayList<>(List.of(old)), 10_000_001);
    small.put(sameRange);
    assertSame(old, small.get(9_999_999));
    assertSame(sameRange, small.get(10_000_001));
    small.remove(9_999_999);
    assertNull(small.get(9_999_999));
    assertEquals(1, small.size());
    Order fresh = order(10_000_000);
    index.put(fresh);
    assertSame(fresh, index.get(10_000_000));
    assertEquals(added.size() + 1, index.size());
    for (Order o : added) {
      index.remove(o.orderId);
    }
    assertEquals(1, index.size());
    assertSame(fresh, index.get(10_000_000));
  }
}
