package bookshard.book;

/**
 * The price levels of one side, in an array sorted so that the best level is last: the levels
 * near the touch, where almost all activity is, are inserted and removed with little or no
 * copying, and walking from the best price outwards is a walk down the array. Beside it, the
 * levels' sort keys in a primitive array: a search reads consecutive longs instead of
 * dereferencing a level object per step.
 *
 * <p>An emptied level away from the top stays in the array, empty, until its price is used again
 * or empty levels outnumber twice the live ones (then one pass drops them all). In a sparse book
 * (one or two orders a level, orders moving between prices) levels are emptied and created on
 * nearly every command, far from the touch as often as near it; without this each of those
 * would shift the array. The best level is never empty.
 */
final class BookSide {
  private final Side side;
  private Level[] levels = new Level[64];
  private long[] keys = new long[64];
  /** Slots in use, live or empty. */
  private int size;
  private int live;
  /** Emptied levels kept for reuse, linked through {@code nextFree}. */
  private Level freeLevels;

  BookSide(Side side) {
    this.side = side;
  }

  Side side() {
    return side;
  }

  private int compactions;

  /** How many times empty slots were dropped (tests check they were). */
  int compactions() {
    return compactions;
  }

  /** Levels with orders. */
  int levelCount() {
    return live;
  }

  /** The best level's cursor, or -1 when the side is empty. */
  int bestCursor() {
    return size - 1;
  }

  /** The cursor of the next worse level with orders after {@code cursor}, or -1. */
  int worse(int cursor) {
    int c = cursor - 1;
    while (c >= 0 && levels[c].orderCount == 0) {
      c--;
    }
    return c;
  }

  /** The worst level's cursor, or -1. */
  int worstCursor() {
    return better(-1);
  }

  /** The cursor of the next better level with orders after {@code cursor}, or -1. */
  int better(int cursor) {
    int c = cursor + 1;
    while (c < size && levels[c].orderCount == 0) {
      c++;
    }
    return c < size ? c : -1;
  }

  Level at(int cursor) {
    return levels[cursor];
  }

  Level best() {
    return size == 0 ? null : levels[size - 1];
  }

  /** Sort key: larger is better on both sides. */
  private long key(long priceTicks) {
    return side == Side.BUY ? priceTicks : -priceTicks;
  }

  /** Index of the slot with this price (live or empty), or -(insertion point) - 1. */
  private int search(long priceTicks) {
    long k = key(priceTicks);
    int lo = 0;
    int hi = size - 1;
    // Most lookups hit the top of the book: check the best level before bisecting.
    if (hi >= 0) {
      long top = keys[hi];
      if (top == k) {
        return hi;
      }
      if (k > top) {
        return -(size) - 1;
      }
    }
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long mk = keys[mid];
      if (mk < k) {
        lo = mid + 1;
      } else if (mk > k) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -lo - 1;
  }

  /** The level with orders at this price, or null. */
  Level find(long priceTicks) {
    int i = search(priceTicks);
    return i >= 0 && levels[i].orderCount > 0 ? levels[i] : null;
  }

  /** The level at this price, made live if it was empty; the caller appends an order to it. */
  Level getOrCreate(long priceTicks) {
    int i = search(priceTicks);
    if (i >= 0) {
      if (levels[i].orderCount == 0) {
        live++;
      }
      return levels[i];
    }
    int at = -i - 1;
    if (size == levels.length) {
      levels = java.util.Arrays.copyOf(levels, levels.length * 2);
      keys = java.util.Arrays.copyOf(keys, keys.length * 2);
    }
    System.arraycopy(levels, at, levels, at + 1, size - at);
    System.arraycopy(keys, at, keys, at + 1, size - at);
    Level level = freeLevels;
    if (level == null) {
      level = new Level(priceTicks);
    } else {
      freeLevels = level.nextFree;
      level.nextFree = null;
      level.priceTicks = priceTicks;
    }
    levels[at] = level;
    keys[at] = key(priceTicks);
    size++;
    live++;
    return level;
  }

  /** The level has just become empty. */
  void remove(Level level) {
    int i = search(level.priceTicks);
    if (i < 0 || levels[i] != level || level.orderCount != 0) {
      throw new IllegalStateException("level " + level.priceTicks + " not an emptied level of " + side);
    }
    live--;
    if (i == size - 1) {
      // The best level: drop it and any empty ones under it, so the best is never empty.
      while (size > 0 && levels[size - 1].orderCount == 0) {
        free(--size);
      }
    } else if (size - live > 2 * live + 64) {
      compact();
    }
  }

  private void compact() {
    compactions++;
    int to = 0;
    for (int from = 0; from < size; from++) {
      if (levels[from].orderCount == 0) {
        free(from);
      } else {
        levels[to] = levels[from];
        keys[to] = keys[from];
        to++;
      }
    }
    java.util.Arrays.fill(levels, to, size, null);
    size = to;
  }

  private void free(int slot) {
    Level level = levels[slot];
    levels[slot] = null;
    level.nextFree = freeLevels;
    freeLevels = level;
  }

  /** True when a taker on the other side with this limit would trade against this side's best. */
  static boolean crosses(Side takerSide, long takerPriceTicks, long makerPriceTicks) {
    return takerSide == Side.BUY ? makerPriceTicks <= takerPriceTicks : makerPriceTicks >= takerPriceTicks;
  }
}
