package bookshard.book;

/**
 * The price levels of one side. Levels within a window of ticks around the touch sit in an array
 * indexed by price, with a two-level bitmap of the occupied ones: finding, adding and removing a
 * level there is a few instructions, however sparse the side, and the next level outwards is the
 * next set bit. Levels outside the window (far from the touch, or left behind when prices moved)
 * are kept in a sorted array beside it. When the best level has moved out of the window and
 * levels keep being added outside it, the window is moved to the best level (every level is
 * re-filed once, in one pass).
 *
 * <p>Positions are in sort keys, larger is better on both sides (a bid's price; an ask's price
 * negated), so both sides share one code path.
 */
final class BookSide {
  /** Ticks in the window: a sparse book's levels near the touch fit (~4 k ticks either way). */
  static final int DEFAULT_WINDOW = 8192;
  /** Levels added outside the window, while the best level is outside it too, before the window moves. */
  private static final int MOVE_AFTER = 64;

  private final Side side;
  private final int window;
  /** The window's lowest key; keys low .. low + window - 1 are slots 0 .. window - 1. */
  private long low;
  private boolean placed;
  private Level[] slots;
  /** Bit s set: slots[s] holds a level. */
  private long[] bits;
  /** Bit w set: bits[w] is not 0. */
  private long[] summary;
  private int inWindow;
  /** The levels outside the window, sorted by key, the best last. */
  private Level[] far = new Level[16];
  private long[] farKeys = new long[16];
  private int farSize;
  private int addedFarSinceMove;
  /** Emptied levels kept for reuse, linked through {@code nextFree}. */
  private Level freeLevels;

  BookSide(Side side) {
    this(side, DEFAULT_WINDOW);
  }

  /** {@code window}: a power of two, at least 64 (tests use small ones to exercise the far levels). */
  BookSide(Side side, int window) {
    if (window < 64 || Integer.bitCount(window) != 1) {
      throw new IllegalArgumentException("window must be a power of two >= 64: " + window);
    }
    this.side = side;
    this.window = window;
  }

  Side side() {
    return side;
  }

  int levelCount() {
    return inWindow + farSize;
  }

  /** Sort key: larger is better on both sides. */
  private long key(long priceTicks) {
    return side == Side.BUY ? priceTicks : -priceTicks;
  }

  private boolean inWindow(long key) {
    return placed && key >= low && key - low < window;
  }

  Level best() {
    if (farSize > 0 && farKeys[farSize - 1] >= low + window) {
      return far[farSize - 1];
    }
    if (inWindow > 0) {
      return slots[highestBelow(window)];
    }
    return farSize == 0 ? null : far[farSize - 1];
  }

  /** The next level outwards from {@code level} (the next worse price), or null if it is the last. */
  Level worseThan(Level level) {
    long k = key(level.priceTicks);
    if (inWindow(k)) {
      int s = highestBelow((int) (k - low));
      if (s >= 0) {
        return slots[s];
      }
      int below = farBelow(low);
      return below >= 0 ? far[below] : null;
    }
    int below = farBelow(k);
    if (k >= low + window && inWindow > 0 && (below < 0 || farKeys[below] < low)) {
      return slots[highestBelow(window)];
    }
    return below >= 0 ? far[below] : null;
  }

  Level find(long priceTicks) {
    long k = key(priceTicks);
    if (inWindow(k)) {
      return slots[(int) (k - low)];
    }
    int i = farIndex(k);
    return i >= 0 ? far[i] : null;
  }

  Level getOrCreate(long priceTicks) {
    long k = key(priceTicks);
    if (!placed || levelCount() == 0) {
      // An empty side starts again wherever its first level is: nothing to move.
      place(k);
    }
    if (inWindow(k)) {
      int s = (int) (k - low);
      Level level = slots[s];
      if (level == null) {
        level = newLevel(priceTicks);
        slots[s] = level;
        set(s);
        inWindow++;
      }
      return level;
    }
    int i = farIndex(k);
    if (i >= 0) {
      return far[i];
    }
    Level level = newLevel(priceTicks);
    insertFar(-i - 1, k, level);
    if (++addedFarSinceMove >= MOVE_AFTER) {
      addedFarSinceMove = 0;
      // A best that stays in the window keeps it there, however much happens far from it.
      if (!inWindow(key(best().priceTicks))) {
        moveWindowToBest();
      }
    }
    return level;
  }

  void remove(Level level) {
    long k = key(level.priceTicks);
    if (inWindow(k)) {
      int s = (int) (k - low);
      if (slots[s] != level) {
        throw new IllegalStateException("level " + level.priceTicks + " not on " + side);
      }
      slots[s] = null;
      clear(s);
      inWindow--;
    } else {
      int i = farIndex(k);
      if (i < 0 || far[i] != level) {
        throw new IllegalStateException("level " + level.priceTicks + " not on " + side);
      }
      System.arraycopy(far, i + 1, far, i, farSize - i - 1);
      System.arraycopy(farKeys, i + 1, farKeys, i, farSize - i - 1);
      far[--farSize] = null;
    }
    level.nextFree = freeLevels;
    freeLevels = level;
  }

  /** True when a taker on the other side with this limit would trade against this side's best. */
  static boolean crosses(Side takerSide, long takerPriceTicks, long makerPriceTicks) {
    return takerSide == Side.BUY ? makerPriceTicks <= takerPriceTicks : makerPriceTicks >= takerPriceTicks;
  }

  private Level newLevel(long priceTicks) {
    Level level = freeLevels;
    if (level == null) {
      return new Level(priceTicks);
    }
    freeLevels = level.nextFree;
    level.nextFree = null;
    level.priceTicks = priceTicks;
    return level;
  }

  // ------------------------------------------------------------ the window

  /** The best key sits an eighth of the window below its top: room to improve, most of it outwards. */
  private void place(long bestKey) {
    if (slots == null) {
      slots = new Level[window];
      bits = new long[window >>> 6];
      summary = new long[Math.max(1, window >>> 12)];
    }
    low = bestKey - (window - window / 8);
    placed = true;
  }

  /**
   * Re-files every level around the best one, in one pass: the levels, best first, are taken
   * out and put back (the far ones in key order, so each goes at the end of the sorted array).
   */
  private void moveWindowToBest() {
    Level[] all = new Level[levelCount()];
    int n = 0;
    for (Level l = best(); l != null; l = worseThan(l)) {
      all[n++] = l;
    }
    java.util.Arrays.fill(slots, null);
    java.util.Arrays.fill(bits, 0);
    java.util.Arrays.fill(summary, 0);
    java.util.Arrays.fill(far, 0, farSize, null);
    inWindow = 0;
    farSize = 0;
    place(key(all[0].priceTicks));
    for (int i = n - 1; i >= 0; i--) {
      long k = key(all[i].priceTicks);
      if (inWindow(k)) {
        int s = (int) (k - low);
        slots[s] = all[i];
        set(s);
        inWindow++;
      } else {
        insertFar(farSize, k, all[i]);
      }
    }
  }

  private void set(int s) {
    int w = s >>> 6;
    bits[w] |= 1L << s;
    summary[w >>> 6] |= 1L << w;
  }

  private void clear(int s) {
    int w = s >>> 6;
    bits[w] &= ~(1L << s);
    if (bits[w] == 0) {
      summary[w >>> 6] &= ~(1L << w);
    }
  }

  /** The highest occupied slot below {@code s} (s may be the window's size), or -1. */
  private int highestBelow(int s) {
    // Masks of the bits below a bit index: 1L << i shifts by i mod 64, so index 0 gives an empty mask.
    int w = s >>> 6;
    if (w < bits.length) {
      long m = bits[w] & ((1L << s) - 1);
      if (m != 0) {
        return (w << 6) + 63 - Long.numberOfLeadingZeros(m);
      }
    }
    // The highest non-empty word below w.
    int si = w >>> 6;
    long sm = si < summary.length ? summary[si] & ((1L << w) - 1) : 0;
    while (sm == 0) {
      if (--si < 0) {
        return -1;
      }
      sm = summary[si];
    }
    int word = (si << 6) + 63 - Long.numberOfLeadingZeros(sm);
    return (word << 6) + 63 - Long.numberOfLeadingZeros(bits[word]);
  }

  // ------------------------------------------------------------ the far levels

  /** Index of the far level with this key, or -(insertion point) - 1. */
  private int farIndex(long k) {
    int lo = 0;
    int hi = farSize - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long mk = farKeys[mid];
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

  /** Index of the far level with the greatest key below {@code k}, or -1. */
  private int farBelow(long k) {
    int i = farIndex(k);
    return (i >= 0 ? i : -i - 1) - 1;
  }

  private void insertFar(int at, long k, Level level) {
    if (farSize == far.length) {
      far = java.util.Arrays.copyOf(far, far.length * 2);
      farKeys = java.util.Arrays.copyOf(farKeys, farKeys.length * 2);
    }
    System.arraycopy(far, at, far, at + 1, farSize - at);
    System.arraycopy(farKeys, at, farKeys, at + 1, farSize - at);
    far[at] = level;
    farKeys[at] = k;
    farSize++;
  }
}
