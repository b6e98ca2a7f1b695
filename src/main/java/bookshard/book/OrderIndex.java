package bookshard.book;

import java.util.Arrays;
import java.util.List;

/**
 * Live orders by id. Ids are assigned in sequence, so most live ids fall in a dense recent range:
 * a directory of pages indexed by the id itself finds an order with one memory access into its
 * page, with no hashing, probing or key array (in a million-order book each of those is a cache
 * miss). A page whose orders have mostly finished would hold memory for a few old orders; when
 * it falls below 1/{@value #SPARSE_DIVISOR} full it hands them to a hash map and is dropped, so
 * memory stays proportional to the live orders however old they get.
 */
final class OrderIndex {
  private static final int SHIFT = 10;
  private static final int PAGE = 1 << SHIFT;
  private static final int SPARSE_DIVISOR = 32;
  private static final int SPARSE = PAGE / SPARSE_DIVISOR;

  /** Page {@code base + i} holds ids {@code [(base + i) << SHIFT, ...)}; null: none or dropped. */
  private Order[][] pages = new Order[64][];
  private int[] counts = new int[64];
  private long base;
  /** The page of the highest id put: pages up to it may still fill, so they are never dropped. */
  private long frontier = -1;
  private final LongMap<Order> sparse = new LongMap<>(16);
  /** Dropped pages, cleared, for the next new ones: a book in steady state allocates none. */
  private final java.util.ArrayDeque<Order[]> spare = new java.util.ArrayDeque<>();
  private int size;

  int size() {
    return size;
  }

  /** Pages held: what the memory bound is about. */
  int pages() {
    int n = 0;
    for (Order[] page : pages) {
      n += page == null ? 0 : 1;
    }
    return n;
  }

  Order get(long id) {
    long p = (id >>> SHIFT) - base;
    if (p >= 0 && p < pages.length) {
      Order[] page = pages[(int) p];
      if (page != null) {
        Order o = page[(int) (id & (PAGE - 1))];
        if (o != null) {
          return o;
        }
      }
    }
    // A page can exist beside older orders of its range kept in the map (after a restore).
    return sparse.size() == 0 ? null : sparse.get(id);
  }

  void put(Order o) {
    long id = o.orderId;
    if (id <= 0) {
      throw new IllegalArgumentException("order id must be positive: " + id);
    }
    long page = id >>> SHIFT;
    if (page < frontier && pageOf(page) == null) {
      // An old id (only a restore inserts those) whose page is gone or never was: see densify.
      sparse.put(id, o);
      size++;
      return;
    }
    frontier = Math.max(frontier, page);
    int p = slot(page);
    Order[] slots = pages[p];
    if (slots == null) {
      slots = pages[p] = newPage();
    }
    int i = (int) (id & (PAGE - 1));
    if (slots[i] == null) {
      counts[p]++;
      size++;
    }
    slots[i] = o;
  }

  void remove(long id) {
    long page = id >>> SHIFT;
    Order[] slots = pageOf(page);
    if (slots == null) {
      if (sparse.remove(id) != null) {
        size--;
      }
      return;
    }
    int i = (int) (id & (PAGE - 1));
    if (slots[i] == null) {
      if (sparse.remove(id) != null) {
        size--;
      }
      return;
    }
    slots[i] = null;
    size--;
    int p = (int) (page - base);
    if (--counts[p] < SPARSE && page < frontier) {
      for (Order o : slots) {
        if (o != null) {
          sparse.put(o.orderId, o);
        }
      }
      if (spare.size() < 64) {
        Arrays.fill(slots, null);
        spare.push(slots);
      }
      pages[p] = null;
      counts[p] = 0;
    }
  }

  /**
   * Indexes the orders of a restored book (empty index; ids below {@code nextId}, in any order):
   * pages dense enough get a directory slot, the others' orders go to the hash map.
   */
  void restore(List<Order> orders, long nextId) {
    if (size != 0) {
      throw new IllegalStateException("restore into a non-empty index");
    }
    frontier = nextId >>> SHIFT;
    if (orders.isEmpty()) {
      return;
    }
    long minPage = Long.MAX_VALUE;
    long maxPage = 0;
    for (Order o : orders) {
      minPage = Math.min(minPage, o.orderId >>> SHIFT);
      maxPage = Math.max(maxPage, o.orderId >>> SHIFT);
    }
    // One counter per page in range; a range too wide for that has only sparse pages anyway.
    long span = maxPage - minPage + 1;
    int[] perPage = span <= orders.size() * 4L ? new int[(int) span] : null;
    if (perPage != null) {
      for (Order o : orders) {
        perPage[(int) ((o.orderId >>> SHIFT) - minPage)]++;
      }
    }
    for (Order o : orders) {
      long page = o.orderId >>> SHIFT;
      if (perPage != null && perPage[(int) (page - minPage)] >= 2 * SPARSE) {
        int p = slot(page);
        if (pages[p] == null) {
          pages[p] = newPage();
        }
        pages[p][(int) (o.orderId & (PAGE - 1))] = o;
        counts[p]++;
      } else {
        sparse.put(o.orderId, o);
      }
      size++;
    }
  }

  private Order[] newPage() {
    Order[] page = spare.poll();
    return page != null ? page : new Order[PAGE];
  }

  private Order[] pageOf(long page) {
    long p = page - base;
    return p >= 0 && p < pages.length ? pages[(int) p] : null;
  }

  /** The directory slot of {@code page}, growing or re-basing the directory to include it. */
  private int slot(long page) {
    if (page < base) {
      int shift = (int) (base - page);
      pages = shifted(pages, shift);
      counts = shiftedCounts(counts, shift);
      base = page;
    }
    long p = page - base;
    if (p >= pages.length) {
      int firstUsed = 0;
      while (firstUsed < pages.length && pages[firstUsed] == null) {
        firstUsed++;
      }
      if (firstUsed == pages.length) {
        base = page;
        p = 0;
      } else if (firstUsed > pages.length / 2) {
        // The old end is all dropped pages: slide the directory instead of growing it.
        pages = Arrays.copyOfRange(pages, firstUsed, firstUsed + pages.length);
        counts = Arrays.copyOfRange(counts, firstUsed, firstUsed + counts.length);
        base += firstUsed;
        p -= firstUsed;
      }
      if (p >= pages.length) {
        int n = (int) Math.max(pages.length * 2L, p + 1);
        pages = Arrays.copyOf(pages, n);
        counts = Arrays.copyOf(counts, n);
      }
    }
    return (int) p;
  }

  private static Order[][] shifted(Order[][] a, int by) {
    Order[][] b = new Order[a.length + by][];
    System.arraycopy(a, 0, b, by, a.length);
    return b;
  }

  private static int[] shiftedCounts(int[] a, int by) {
    int[] b = new int[a.length + by];
    System.arraycopy(a, 0, b, by, a.length);
    return b;
  }
}
