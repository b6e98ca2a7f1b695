package bookshard.book;

/**
 * Open-addressing hash map from positive long keys to values: no boxing, no entry objects.
 * Linear probing with backward-shift deletion, so there are no tombstones to clean up.
 */
final class LongMap<V> {
  private long[] keys;
  private Object[] values;
  private int mask;
  private int size;

  LongMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[cap];
    values = new Object[cap];
    mask = cap - 1;
  }

  int size() {
    return size;
  }

  private static int hash(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  @SuppressWarnings("unchecked")
  V get(long key) {
    int i = hash(key) & mask;
    while (true) {
      long k = keys[i];
      if (k == key) {
        return (V) values[i];
      }
      if (k == 0) {
        return null;
      }
      i = (i + 1) & mask;
    }
  }

  void put(long key, V value) {
    if (key <= 0) {
      throw new IllegalArgumentException("key must be positive: " + key);
    }
    int i = hash(key) & mask;
    while (keys[i] != 0) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
    if (++size * 2 > keys.length) {
      grow();
    }
  }

  @SuppressWarnings("unchecked")
  V remove(long key) {
    int i = hash(key) & mask;
    while (keys[i] != key) {
      if (keys[i] == 0) {
        return null;
      }
      i = (i + 1) & mask;
    }
    V old = (V) values[i];
    size--;
    // Shift later members of the probe run back so lookups never stop early at a hole.
    int hole = i;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      long k = keys[j];
      if (k == 0) {
        break;
      }
      int home = hash(k) & mask;
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        keys[hole] = k;
        values[hole] = values[j];
        hole = j;
      }
    }
    keys[hole] = 0;
    values[hole] = null;
    return old;
  }

  @SuppressWarnings("unchecked")
  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldKeys.length * 2];
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        put(oldKeys[i], (V) oldValues[i]);
      }
    }
  }
}
