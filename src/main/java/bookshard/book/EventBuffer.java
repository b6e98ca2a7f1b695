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
 * events must outlive the command (the journal, replies, market data), {@link #event} and
 * {@link #toList} turn them into {@link BookEvent} records; {@link OrderBook#apply(BookEvent)}
 * and {@link OrderBook#apply(EventBuffer, int)} run the same mutation code, so a replayed book
 * and a live one cannot differ.
 *
 * <p>Field use per kind: {@code id} is the order id (the match id for a trade); {@code price},
 * {@code lots} (quantity, remaining or cancelled lots), {@code maker}/{@code taker} order ids,
 * accounts and client order ids as the matching record has them; an acceptance keeps its stop price in
 * {@code maker} and its expiry time in {@code taker}; a trigger its last trade price in
 * {@code price}; a reduce its previous remaining in {@code maker}, a replace its previous price
 * and remaining in {@code maker} and {@code taker}.
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
   * (trade); cancel reason, side, left a level (cancelled); side (rested, reduced, replaced).
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

  void rested(long orderId, Side side, long priceTicks, long remainingLots) {
    int i = next(RESTED, orderId, 0);
    price[i] = priceTicks;
    lots[i] = remainingLots;
    flags[3 * i] = ordinal(side);
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
      String clientOrderId, Side side, long priceTicks, boolean leftLevel) {
    int i = next(CANCELLED, orderId, timestampMillis);
    lots[i] = cancelledLots;
    price[i] = priceTicks;
    account[i] = acct;
    other[i] = clientOrderId;
    flags[3 * i] = (byte) reason.ordinal();
    flags[3 * i + 1] = ordinal(side);
    flags[3 * i + 2] = (byte) (leftLevel ? 1 : 0);
  }

  void reduced(long orderId, long remainingLots, long timestampMillis, String acct, String clientOrderId, Side side,
      long priceTicks, long previousRemainingLots) {
    int i = next(REDUCED, orderId, timestampMillis);
    maker[i] = previousRemainingLots;
    lots[i] = remainingLots;
    price[i] = priceTicks;
    account[i] = acct;
    other[i] = clientOrderId;
    flags[3 * i] = (byte) side.ordinal();
  }

  void replaced(long orderId, long priceTicks, long remainingLots, long timestampMillis, String acct,
      String clientOrderId, Side side, long previousPriceTicks, long previousRemainingLots) {
    int i = next(REPLACED, orderId, timestampMillis);
    maker[i] = previousPriceTicks;
    taker[i] = previousRemainingLots;
    price[i] = priceTicks;
    lots[i] = remainingLots;
    account[i] = acct;
    other[i] = clientOrderId;
    flags[3 * i] = (byte) side.ordinal();
  }

  /** Appends a record (for a caller holding one), so one buffer can be applied either way. */
  public void add(BookEvent e) {
    if (e instanceof TradeExecuted t) {
      trade(t.matchId(), t.priceTicks(), t.quantityLots(), t.makerOrderId(), t.takerOrderId(), t.makerAccount(),
          t.takerAccount(), t.takerSide(), t.timestampMillis(), t.makerClientOrderId(), t.takerClientOrderId(),
          t.makerDone(), t.takerDone());
    } else if (e instanceof OrderAccepted a) {
      accepted(a.orderId(), a.account(), a.clientOrderId(), a.side(), a.type(), a.timeInForce(), a.priceTicks(),
          a.quantityLots(), a.timestampMillis(), a.stopPriceTicks(), a.expireAtMillis());
    } else if (e instanceof OrderRested r) {
      rested(r.orderId(), r.side(), r.priceTicks(), r.remainingLots());
    } else if (e instanceof StopWaiting w) {
      waiting(w.orderId());
    } else if (e instanceof StopTriggered t) {
      triggered(t.orderId(), t.lastPriceTicks(), t.timestampMillis(), t.account(), t.clientOrderId());
    } else if (e instanceof OrderCancelled c) {
      cancelled(c.orderId(), c.cancelledLots(), c.reason(), c.timestampMillis(), c.account(), c.clientOrderId(),
          c.side(), c.priceTicks(), c.leftLevel());
    } else if (e instanceof OrderReduced r) {
      reduced(r.orderId(), r.remainingLots(), r.timestampMillis(), r.account(), r.clientOrderId(), r.side(),
          r.priceTicks(), r.previousRemainingLots());
    } else if (e instanceof OrderReplaced r) {
      replaced(r.orderId(), r.priceTicks(), r.remainingLots(), r.timestampMillis(), r.account(), r.clientOrderId(),
          r.side(), r.previousPriceTicks(), r.previousRemainingLots());
    } else {
      throw new IllegalArgumentException("unknown event " + e);
    }
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

  /** A side as stored: -1 for none (an event from an older row that did not say). */
  private static byte ordinal(Side side) {
    return (byte) (side == null ? -1 : side.ordinal());
  }

  private static Side sideOrNull(byte ordinal) {
    return ordinal < 0 ? null : SIDES[ordinal];
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

  /** Event {@code i} as a record. */
  public BookEvent event(int i) {
    return switch (kind[i]) {
      case ACCEPTED -> new OrderAccepted(id[i], account[i], other[i], side(i), type(i), timeInForce(i), price[i],
          lots[i], timestamp[i], maker[i], taker[i]);
      case TRADE -> new TradeExecuted(id[i], price[i], lots[i], maker[i], taker[i], account[i], other[i], side(i),
          timestamp[i], makerClient[i], takerClient[i], flags[3 * i + 1] != 0, flags[3 * i + 2] != 0);
      case RESTED -> new OrderRested(id[i], sideOrNull(flags[3 * i]), price[i], lots[i]);
      case WAITING -> new StopWaiting(id[i]);
      case TRIGGERED -> new StopTriggered(id[i], price[i], timestamp[i], account[i], other[i]);
      case CANCELLED -> new OrderCancelled(id[i], lots[i], REASONS[flags[3 * i]], timestamp[i], account[i], other[i],
          sideOrNull(flags[3 * i + 1]), price[i], flags[3 * i + 2] != 0);
      case REDUCED -> new OrderReduced(id[i], lots[i], timestamp[i], account[i], other[i], side(i), price[i], maker[i]);
      case REPLACED -> new OrderReplaced(id[i], price[i], lots[i], timestamp[i], account[i], other[i], side(i),
          maker[i], taker[i]);
      default -> throw new IllegalStateException("no event kind " + kind[i]);
    };
  }

  /** All events as records, in order. */
  public List<BookEvent> toList() {
    List<BookEvent> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(event(i));
    }
    return out;
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
