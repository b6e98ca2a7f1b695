package bookshard.book;

import bookshard.book.BookEvent.OrderAccepted;
import bookshard.book.BookEvent.OrderCancelled;
import bookshard.book.BookEvent.OrderReduced;
import bookshard.book.BookEvent.OrderReplaced;
import bookshard.book.BookEvent.OrderRested;
import bookshard.book.BookEvent.StopTriggered;
import bookshard.book.BookEvent.StopWaiting;
import bookshard.book.BookEvent.TradeExecuted;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The events one command decided, held in reusable parallel arrays rather than as objects: the
 * matching core decides into a buffer and applies from it without allocating anything. Where
 * events must outlive the command (the journal, replies, market data), {@link OrderBook#events}
 * turns them into {@link BookEvent} records, before they are applied; {@link OrderBook#apply(BookEvent)}
 * and {@link OrderBook#apply(EventBuffer, int)} run the same mutation code, so a replayed book
 * and a live one cannot differ.
 *
 * <p>Field use per kind: {@code id} is the order id (the match id for a trade); {@code price},
 * {@code lots} (quantity, remaining or cancelled lots), {@code maker}/{@code taker} order ids,
 * accounts and client order ids as the matching record has them; an acceptance keeps its stop price in
 * {@code maker} and its expiry time in {@code taker}; a trigger its last trade price in
 * {@code price}.
 */
public final class EventBuffer {
  public static final byte ACCEPTED = 1;
  public static final byte TRADE = 2;
  public static final byte RESTED = 3;
  public static final byte CANCELLED = 4;
  public static final byte REDUCED = 5;
  public static final byte REPLACED = 6;
  public static final byte WAITING = 7;
  public static final byte TRIGGERED = 8;

  private static final Side[] SIDES = Side.values();
  private static final OrderType[] TYPES = OrderType.values();
  private static final TimeInForce[] TIFS = TimeInForce.values();
  private static final CancelReason[] REASONS = CancelReason.values();

  private int size;
  private byte[] kind = new byte[16];
  private long[] id = new long[16];
  private long[] price = new long[16];
  private long[] lots = new long[16];
  private long[] maker = new long[16];
  private long[] taker = new long[16];
  private long[] timestamp = new long[16];
  /** The order's account; a trade's maker account. */
  private String[] account = new String[16];
  /** The order's client order id; a trade's taker account. */
  private String[] other = new String[16];
  /** A trade's maker and taker client order ids. */
  private String[] makerClient = new String[16];
  private String[] takerClient = new String[16];
  /**
   * Ordinals: side, order type, time in force (accepted); taker side, maker done, taker done
   * (trade); cancel reason (cancelled); side (reduced, replaced).
   */
  private byte[] flags = new byte[16 * 3];

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /**
   * Forgets the events. The account and client order id references stay until overwritten: a
   * handful of short strings, not worth clearing on every command.
   */
  public void clear() {
    size = 0;
  }

  public byte kind(int i) {
    return kind[i];
  }

  /** Order id; for a trade, its match id. */
  public long id(int i) {
    return id[i];
  }

  public long priceTicks(int i) {
    return price[i];
  }

  /** Quantity (accepted, trade), remaining (reduced, replaced) or cancelled lots. */
  public long lots(int i) {
    return lots[i];
  }

  public long makerOrderId(int i) {
    return maker[i];
  }

  public long takerOrderId(int i) {
    return taker[i];
  }

  // ---------------------------------------------------------------- append (by the core)

  private int next(byte k, long idValue, long timestampMillis) {
    if (size == kind.length) {
      grow();
    }
    int i = size++;
    kind[i] = k;
    id[i] = idValue;
    timestamp[i] = timestampMillis;
    return i;
  }

  void accepted(long orderId, String acct, String clientOrderId, Side side, OrderType type, TimeInForce tif,
      long priceTicks, long quantityLots, long timestampMillis, long stopPriceTicks, long expireAtMillis) {
    int i = next(ACCEPTED, orderId, timestampMillis);
    maker[i] = stopPriceTicks;
    taker[i] = expireAtMillis;
    account[i] = acct;
    other[i] = clientOrderId;
    price[i] = priceTicks;
    lots[i] = quantityLots;
    flags[3 * i] = (byte) side.ordinal();
    flags[3 * i + 1] = (byte) type.ordinal();
    flags[3 * i + 2] = (byte) tif.ordinal();
  }

  void trade(long matchId, long priceTicks, long quantityLots, long makerOrderId, long takerOrderId,
      String makerAccount, String takerAccount, Side takerSide, long timestampMillis, String makerClientOrderId,
      String takerClientOrderId, boolean makerDone, boolean takerDone) {
    int i = next(TRADE, matchId, timestampMillis);
    price[i] = priceTicks;
    lots[i] = quantityLots;
    maker[i] = makerOrderId;
    taker[i] = takerOrderId;
    account[i] = makerAccount;
    other[i] = takerAccount;
    makerClient[i] = makerClientOrderId;
    takerClient[i] = takerClientOrderId;
    flags[3 * i] = (byte) takerSide.ordinal();
    flags[3 * i + 1] = (byte) (makerDone ? 1 : 0);
    flags[3 * i + 2] = (byte) (takerDone ? 1 : 0);
  }

  void rested(long orderId) {
    next(RESTED, orderId, 0);
  }

  void waiting(long orderId) {
    next(WAITING, orderId, 0);
  }

  void triggered(long orderId, long lastPriceTicks, long timestampMillis, String acct, String clientOrderId) {
    int i = next(TRIGGERED, orderId, timestampMillis);
    price[i] = lastPriceTicks;
    account[i] = acct;
    other[i] = clientOrderId;
  }

  void cancelled(long orderId, long cancelledLots, CancelReason reason, long timestampMillis, String acct,
      String clientOrderId) {
    int i = next(CANCELLED, orderId, timestampMillis);
    lots[i] = cancelledLots;
    account[i] = acct;
    other[i] = clientOrderId;
    flags[3 * i] = (byte) reason.ordinal();
  }

  void reduced(long orderId, long remainingLots, long timestampMillis, String acct, String clientOrderId, Side side,
      long priceTicks) {
    int i = next(REDUCED, orderId, timestampMillis);
    lots[i] = remainingLots;
    price[i] = priceTicks;
    account[i] = acct;
    other[i] = clientOrderId;
    flags[3 * i] = (byte) side.ordinal();
  }

  void replaced(long orderId, long priceTicks, long remainingLots, long timestampMillis, String acct,
      String clientOrderId, Side side) {
    int i = next(REPLACED, orderId, timestampMillis);
    price[i] = priceTicks;
    lots[i] = remainingLots;
    account[i] = acct;
    other[i] = clientOrderId;
    flags[3 * i] = (byte) side.ordinal();
  }

  // ---------------------------------------------------------------- read back (by apply and callers)

  String account(int i) {
    return account[i];
  }

  String other(int i) {
    return other[i];
  }

  Side side(int i) {
    return SIDES[flags[3 * i]];
  }

  OrderType type(int i) {
    return TYPES[flags[3 * i + 1]];
  }

  TimeInForce timeInForce(int i) {
    return TIFS[flags[3 * i + 2]];
  }

  long timestamp(int i) {
    return timestamp[i];
  }

  long stopPriceTicks(int i) {
    return maker[i];
  }

  long expireAtMillis(int i) {
    return taker[i];
  }

  /**
   * Event {@code i} as a record; where the order it moves is, is read from {@code before}, the
   * book that decided it, not yet changed by it (see {@link OrderBook#events}).
   */
  BookEvent event(int i, OrderBook before) {
    return switch (kind[i]) {
      case ACCEPTED -> new OrderAccepted(id[i], account[i], other[i], side(i), type(i), timeInForce(i), price[i],
          lots[i], timestamp[i], maker[i], taker[i]);
      case TRADE -> new TradeExecuted(id[i], price[i], lots[i], maker[i], taker[i], account[i], other[i], side(i),
          timestamp[i], makerClient[i], takerClient[i], flags[3 * i + 1] != 0, flags[3 * i + 2] != 0);
      case RESTED -> restedTaker(i, before);
      case WAITING -> new StopWaiting(id[i]);
      case TRIGGERED -> new StopTriggered(id[i], price[i], timestamp[i], account[i], other[i]);
      case CANCELLED -> cancelled(i, before);
      case REDUCED -> new OrderReduced(id[i], lots[i], timestamp[i], account[i], other[i], side(i), price[i],
          before.located(id[i]).remainingLots);
      case REPLACED -> {
        Order o = before.located(id[i]);
        yield new OrderReplaced(id[i], price[i], lots[i], timestamp[i], account[i], other[i], side(i), o.priceTicks,
            o.remainingLots);
      }
      default -> throw new IllegalStateException("no event kind " + kind[i]);
    };
  }

  /**
   * Where the taker of event {@code i} (a rest, or its remainder's cancel) entered this buffer:
   * its acceptance, replace or trigger.
   */
  private int takerOrigin(int i) {
    for (int j = i - 1; j >= 0; j--) {
      if (id[j] == id[i] && (kind[j] == ACCEPTED || kind[j] == REPLACED || kind[j] == TRIGGERED)) {
        return j;
      }
    }
    throw new IllegalStateException("order " + id[i] + " settles as a taker it never became in this buffer");
  }

  /** A stop order that became the taker at {@code origin}: waiting in the book until then, whole. */
  private Order triggeredStop(int origin, OrderBook before) {
    return kind[origin] == TRIGGERED ? before.located(id[origin]) : null;
  }

  private BookEvent restedTaker(int i, OrderBook before) {
    int origin = takerOrigin(i);
    Order stop = triggeredStop(origin, before);
    long remaining = stop != null ? stop.remainingLots : lots[origin];
    for (int k = origin + 1; k < i; k++) {
      if (kind[k] == TRADE && taker[k] == id[i]) {
        remaining -= lots[k];
      }
    }
    return new OrderRested(id[i], stop != null ? stop.side : side(origin), stop != null ? stop.priceTicks : price[origin],
        remaining);
  }

  private BookEvent cancelled(int i, OrderBook before) {
    CancelReason reason = REASONS[flags[3 * i]];
    if (reason == CancelReason.UNFILLED_REMAINDER) {
      int origin = takerOrigin(i);
      Order stop = triggeredStop(origin, before);
      return new OrderCancelled(id[i], lots[i], reason, timestamp[i], account[i], other[i],
          stop != null ? stop.side : side(origin), stop != null ? stop.priceTicks : price[origin], false);
    }
    // A resting order, or a waiting stop: in the book until this cancel.
    Order o = before.located(id[i]);
    return new OrderCancelled(id[i], lots[i], reason, timestamp[i], account[i], other[i], o.side, o.priceTicks,
        o.level != null);
  }

  private void grow() {
    int n = kind.length * 2;
    kind = Arrays.copyOf(kind, n);
    id = Arrays.copyOf(id, n);
    price = Arrays.copyOf(price, n);
    lots = Arrays.copyOf(lots, n);
    maker = Arrays.copyOf(maker, n);
    taker = Arrays.copyOf(taker, n);
    timestamp = Arrays.copyOf(timestamp, n);
    account = Arrays.copyOf(account, n);
    other = Arrays.copyOf(other, n);
    makerClient = Arrays.copyOf(makerClient, n);
    takerClient = Arrays.copyOf(takerClient, n);
    flags = Arrays.copyOf(flags, n * 3);
  }
}
