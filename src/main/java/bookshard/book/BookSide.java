package bookshard.book;

/**
 * The price levels of one side, in an array sorted so that the best level is last: the levels
 * near the touch, where almost all activity is, are inserted and removed with little or no
 * copying, and walking from the best price outwards is a walk down the array. Beside it, the
 * levels' sort keys in a primitive array: a search reads consecutive longs instead of
 * dereferencing a level object per step.
 */
final class BookSide {
  private final Side side;
  private Level[] levels = new Level[64];
  private long[] keys = new long[64];
  private int size;
  /** Emptied levels kept for reuse, linked through {@code nextFree}. */
  private Level freeLevels;

  BookSide(Side side) {
    this.side = side;
  }

  Side side() {
    return side;
  }

  int levelCount() {
    return size;
  }

  /** The i-th best level (0 = best), or null past the last one. */
  Level levelFromBest(int i) {
    return i < size ? levels[size - 1 - i] : null;
  }

  Level best() {
    return size == 0 ? null : levels[size - 1];
  }

  /** Sort key: larger is better on both sides. */
  private long key(long priceTicks) {
    return side == Side.BUY ? priceTicks : -priceTicks;
  }

  /**
   * Index of the level with this price, or -(insertion point) - 1. Galloping down from the best
   * level (1, 2, 4, ... levels away), then bisecting the last step: a price d levels from the
   * touch costs about 2 log d comparisons, not log of the whole side. Most prices are near the
   * touch; in a sparse book with hundreds of levels a plain bisection was a quarter of the time.
   */
  private int search(long priceTicks) {
    long k = key(priceTicks);
    int top = size - 1;
    if (top < 0 || k > keys[top]) {
      return -(size) - 1;
    }
    if (keys[top] == k) {
      return top;
    }
    // keys[top] > k: find lo with keys[lo] <= k (or lo < 0) by doubling the step.
    int hi = top;
    int step = 1;
    int lo = top - step;
    while (lo >= 0 && keys[lo] > k) {
      hi = lo;
      step <<= 1;
      lo = top - step;
    }
    // keys[hi] > k, and keys[lo] <= k when lo >= 0: bisect the open range between them.
    lo = Math.max(lo, 0);
    hi--;
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

  Level find(long priceTicks) {
    int i = search(priceTicks);
    return i >= 0 ? levels[i] : null;
  }

  Level getOrCreate(long priceTicks) {
    int i = search(priceTicks);
    if (i >= 0) {
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
    return level;
  }

  void remove(Level level) {
    int i = search(level.priceTicks);
    if (i < 0 || levels[i] != level) {
      throw new IllegalStateException("level " + level.priceTicks + " not on " + side);
    }
    System.arraycopy(levels, i + 1, levels, i, size - i - 1);
    System.arraycopy(keys, i + 1, keys, i, size - i - 1);
    levels[--size] = null;
    level.nextFree = freeLevels;
    freeLevels = level;
  }

  /** True when a taker on the other side with this limit would trade against this side's best. */
  static boolean crosses(Side takerSide, long takerPriceTicks, long makerPriceTicks) {
    return takerSide == Side.BUY ? makerPriceTicks <= takerPriceTicks : makerPriceTicks >= takerPriceTicks;
  }
}
