package bookshard.book;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The book's most recently finished orders (filled or cancelled), so a client asking about an
 * order that just left the book gets its final state instead of "unknown". Built from the
 * journal's events alone (and kept in snapshots), so it is the same after a recovery; bounded:
 * the oldest go first. Older orders are in the account's history, read from the journal.
 *
 * <p>Kept in primitive arrays, a ring of the last {@code capacity}: every fill that ends an order
 * and every cancel is remembered here, on the book and on its snapshotter's copy, so an object
 * per finished order (its view, the entry, the boxed id) was a fifth of what a durable order
 * allocated. A {@link Finished} is made only when one is read.
 */
public final class FinishedOrders {
  /** An order as it left the book: {@code order.remainingLots()} is what was left (0 if filled). */
  public record Finished(OrderView order, OrderStatus status, CancelReason reason, long finishedAtMillis) {}

  /** One finished order, oldest first or newest first ({@link #forEach}). */
  public interface Visitor {
    void finished(long orderId, String account, String clientOrderId, Side side, OrderType type, TimeInForce tif,
        long priceTicks, long quantityLots, long remainingLots, long filledLots, long timestampMillis,
        long stopPriceTicks, long expireAtMillis, boolean waiting, OrderStatus status, CancelReason reason,
        long finishedAtMillis);
  }

  private static final Side[] SIDES = Side.values();
  private static final OrderType[] TYPES = OrderType.values();
  private static final TimeInForce[] TIFS = TimeInForce.values();
  private static final OrderStatus[] STATUSES = OrderStatus.values();
  private static final CancelReason[] REASONS = CancelReason.values();

  // The longs of one entry, at slot * LONGS + ...
  private static final int ID = 0;
  private static final int PRICE = 1;
  private static final int QUANTITY = 2;
  private static final int REMAINING = 3;
  private static final int FILLED = 4;
  private static final int TIMESTAMP = 5;
  private static final int STOP = 6;
  private static final int EXPIRE = 7;
  private static final int FINISHED_AT = 8;
  /** Side, type, time in force, status, reason + 1 (0: none), waiting: a byte each. */
  private static final int FLAGS = 9;
  private static final int LONGS = 10;

  private final int capacity;
  private long[] longs = new long[16 * LONGS];
  /** Account and client order id of each entry. */
  private String[] strings = new String[16 * 2];
  /** Entries are at slots [0, size) until the ring is full; then {@code oldest} is overwritten next. */
  private int size;
  private int oldest;
  /**
   * Order id to slot: open addressing over slot + 1 (0: empty), compared by the entry's own id,
   * at most half full.
   */
  private int[] table = new int[64];

  public FinishedOrders(int capacity) {
    this.capacity = capacity;
  }

  public int size() {
    return size;
  }

  public Finished get(long orderId) {
    int slot = slotOf(orderId);
    if (slot < 0) {
      return null;
    }
    List<Finished> one = new ArrayList<>(1);
    visit(slot, collector(one));
    return one.get(0);
  }

  /** Oldest first. */
  public List<Finished> all() {
    List<Finished> all = new ArrayList<>(size);
    forEach(false, collector(all));
    return all;
  }

  /** Every entry, without an object per entry. */
  public void forEach(boolean newestFirst, Visitor v) {
    for (int k = 0; k < size; k++) {
      visit(slotAt(newestFirst ? size - 1 - k : k), v);
    }
  }

  private void visit(int slot, Visitor v) {
    int at = slot * LONGS;
    long flags = longs[at + FLAGS];
    int reason = (int) (flags >>> 32) & 0xFF;
    v.finished(longs[at + ID], strings[2 * slot], strings[2 * slot + 1], SIDES[(int) flags & 0xFF],
        TYPES[(int) (flags >>> 8) & 0xFF], TIFS[(int) (flags >>> 16) & 0xFF], longs[at + PRICE],
        longs[at + QUANTITY], longs[at + REMAINING], longs[at + FILLED], longs[at + TIMESTAMP], longs[at + STOP],
        longs[at + EXPIRE], ((flags >>> 40) & 1) != 0, STATUSES[(int) (flags >>> 24) & 0xFF],
        reason == 0 ? null : REASONS[reason - 1], longs[at + FINISHED_AT]);
  }

  /** Entries as {@link Finished} records, for readers that want objects. */
  private static Visitor collector(List<Finished> into) {
    return (id, account, client, side, type, tif, price, qty, remaining, filled, ts, stop, expire, waiting, status,
        reason, at) -> into.add(new Finished(new OrderView(id, account, client, side, type, tif, price, qty, remaining,
        filled, ts, stop, expire, waiting), status, reason, at));
  }

  public void add(Finished f) {
    OrderView o = f.order();
    add(o.orderId(), o.account(), o.clientOrderId(), o.side(), o.type(), o.timeInForce(), o.priceTicks(),
        o.quantityLots(), o.remainingLots(), o.filledLots(), o.timestampMillis(), o.stopPriceTicks(),
        o.expireAtMillis(), o.waiting(), f.status(), f.reason(), f.finishedAtMillis());
  }

  /** A live order as it leaves the book, with what it has left and has filled by then. */
  void add(Order o, long remainingLots, long filledLots, boolean waiting, OrderStatus status, CancelReason reason,
      long finishedAtMillis) {
    add(o.orderId, o.account, o.clientOrderId, o.side, o.type, o.timeInForce, o.priceTicks, o.quantityLots,
        remainingLots, filledLots, o.timestampMillis, o.stopPriceTicks, o.expireAtMillis, waiting, status, reason,
        finishedAtMillis);
  }

  /** An order remembered again takes the place of the first, as a map's put would. */
  public void add(long orderId, String account, String clientOrderId, Side side, OrderType type, TimeInForce tif,
      long priceTicks, long quantityLots, long remainingLots, long filledLots, long timestampMillis,
      long stopPriceTicks, long expireAtMillis, boolean waiting, OrderStatus status, CancelReason reason,
      long finishedAtMillis) {
    int slot = slotOf(orderId);
    if (slot < 0) {
      if (size < capacity) {
        if (size * LONGS == longs.length) {
          grow();
        }
        slot = size++;
      } else {
        slot = oldest;
        unindex(longs[slot * LONGS + ID]);
        oldest = oldest + 1 == capacity ? 0 : oldest + 1;
      }
      longs[slot * LONGS + ID] = orderId;
      index(slot);
    }
    int at = slot * LONGS;
    longs[at + PRICE] = priceTicks;
    longs[at + QUANTITY] = quantityLots;
    longs[at + REMAINING] = remainingLots;
    longs[at + FILLED] = filledLots;
    longs[at + TIMESTAMP] = timestampMillis;
    longs[at + STOP] = stopPriceTicks;
    longs[at + EXPIRE] = expireAtMillis;
    longs[at + FINISHED_AT] = finishedAtMillis;
    longs[at + FLAGS] = side.ordinal() | (long) type.ordinal() << 8 | (long) tif.ordinal() << 16
        | (long) status.ordinal() << 24 | (long) (reason == null ? 0 : reason.ordinal() + 1) << 32
        | (waiting ? 1L : 0L) << 40;
    strings[2 * slot] = account;
    strings[2 * slot + 1] = clientOrderId;
  }

  /** The slot of the k-th oldest entry. */
  private int slotAt(int k) {
    int slot = oldest + k;
    return slot >= size ? slot - size : slot;
  }

  private void grow() {
    int n = Math.min(capacity, size * 2);
    longs = Arrays.copyOf(longs, n * LONGS);
    strings = Arrays.copyOf(strings, n * 2);
    if (table.length < 2 * n) {
      table = new int[Integer.highestOneBit(2 * n - 1) << 1];
      for (int slot = 0; slot < size; slot++) {
        index(slot);
      }
    }
  }

  private static int hash(long id) {
    long h = id * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  private int slotOf(long orderId) {
    int mask = table.length - 1;
    for (int i = hash(orderId) & mask; table[i] != 0; i = (i + 1) & mask) {
      if (longs[(table[i] - 1) * LONGS + ID] == orderId) {
        return table[i] - 1;
      }
    }
    return -1;
  }

  private void index(int slot) {
    int mask = table.length - 1;
    int i = hash(longs[slot * LONGS + ID]) & mask;
    while (table[i] != 0) {
      i = (i + 1) & mask;
    }
    table[i] = slot + 1;
  }

  private void unindex(long orderId) {
    int mask = table.length - 1;
    int hole = hash(orderId) & mask;
    while (longs[(table[hole] - 1) * LONGS + ID] != orderId) {
      hole = (hole + 1) & mask;
    }
    // Later members of the probe run move back so a lookup never stops early at a hole.
    for (int j = (hole + 1) & mask; table[j] != 0; j = (j + 1) & mask) {
      int home = hash(longs[(table[j] - 1) * LONGS + ID]) & mask;
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        table[hole] = table[j];
        hole = j;
      }
    }
    table[hole] = 0;
  }
}
