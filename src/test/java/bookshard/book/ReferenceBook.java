package bookshard.book;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A deliberately naive book: one flat list of resting orders, sorted afresh on every match.
 * Written from SEMANTICS.md independently of {@link OrderBook}, to check it. Stop orders wait
 * in a second flat list; every command ends by triggering, one at a time, the stops the last
 * trade reached.
 */
final class ReferenceBook {
  static final class Ref {
    final long id;
    final String account;
    final Side side;
    final TimeInForce tif;
    long price;
    long remaining;
    long seq;
    OrderType type = OrderType.LIMIT;
    long stop;
    long expireAt;

    Ref(long id, String account, Side side, TimeInForce tif, long price, long remaining, long seq) {
      this.id = id;
      this.account = account;
      this.side = side;
      this.tif = tif;
      this.price = price;
      this.remaining = remaining;
      this.seq = seq;
    }
  }

  final List<Ref> stops = new ArrayList<>();
  long lastPrice;

  /** matchId, price, quantity, maker, taker. */
  record Trade(long matchId, long price, long qty, long maker, long taker) {}

  final List<Ref> resting = new ArrayList<>();
  final List<Trade> trades = new ArrayList<>();
  long nextId = 1;
  long nextMatchId = 1;
  long seq;

  private static boolean validPrice(long p) {
    return p >= 1 && p <= Limits.MAX_PRICE_TICKS;
  }

  private static boolean validQty(long q) {
    return q >= 1 && q <= Limits.MAX_QUANTITY_LOTS;
  }

  private List<Ref> crossing(Side takerSide, boolean market, long limit) {
    List<Ref> out = new ArrayList<>();
    for (Ref r : resting) {
      if (r.side != takerSide
          && (market || (takerSide == Side.BUY ? r.price <= limit : r.price >= limit))) {
        out.add(r);
      }
    }
    Comparator<Ref> byPrice = Comparator.comparingLong(r -> r.price);
    if (takerSide == Side.SELL) {
      byPrice = byPrice.reversed();
    }
    out.sort(byPrice.thenComparingLong(r -> r.seq));
    return out;
  }

  RejectReason place(String account, Side side, OrderType type, TimeInForce tif, long price, long qty) {
    return place(account, side, type, tif, price, qty, 0, 0, 0);
  }

  RejectReason place(String account, Side side, OrderType type, TimeInForce tif, long price, long qty, long stop,
      long expireAt, long now) {
    return place(account, side, type, tif, price, qty, stop, expireAt, now, 0);
  }

  /** A budget: MARKET FOK buys only; the whole quantity must cost at most {@code maxNotional} at the asks' prices. */
  RejectReason place(String account, Side side, OrderType type, TimeInForce tif, long price, long qty, long stop,
      long expireAt, long now, long maxNotional) {
    if (maxNotional != 0) {
      if (maxNotional < 0 || type != OrderType.MARKET || side != Side.BUY || tif != TimeInForce.FOK) {
        return RejectReason.INVALID_MAX_NOTIONAL;
      }
      if (validQty(qty) && price == 0) {
        long wanted = qty;
        long cost = 0;
        for (Ref r : crossing(side, true, 0)) {
          if (wanted == 0) {
            break;
          }
          if (!r.account.equals(account)) {
            long lots = Math.min(wanted, r.remaining);
            cost += lots * r.price;
            wanted -= lots;
            if (cost > maxNotional) {
              return RejectReason.MAX_NOTIONAL_EXCEEDED;
            }
          }
        }
      }
    }
    boolean stopOrder = type == OrderType.STOP || type == OrderType.STOP_LIMIT;
    boolean market = type == OrderType.MARKET || type == OrderType.STOP;
    if (market && price != 0) {
      return RejectReason.INVALID_PRICE;
    }
    if (!market && !validPrice(price)) {
      return RejectReason.INVALID_PRICE;
    }
    if (type == OrderType.MARKET && tif != TimeInForce.IOC && tif != TimeInForce.FOK
        || type == OrderType.STOP && tif != TimeInForce.IOC
        || type == OrderType.STOP_LIMIT && (tif == TimeInForce.FOK || tif == TimeInForce.POST_ONLY)) {
      return RejectReason.INVALID_TIME_IN_FORCE;
    }
    if (!validQty(qty)) {
      return RejectReason.INVALID_QUANTITY;
    }
    if (stopOrder != validPrice(stop) || !stopOrder && stop != 0) {
      return RejectReason.INVALID_STOP_PRICE;
    }
    if ((tif == TimeInForce.GTD) != (expireAt > now) || tif != TimeInForce.GTD && expireAt != 0) {
      return RejectReason.INVALID_EXPIRE_TIME;
    }
    if (stopOrder) {
      if (lastPrice > 0 && (side == Side.BUY ? lastPrice >= stop : lastPrice <= stop)) {
        return RejectReason.WOULD_TRIGGER_IMMEDIATELY;
      }
      Ref r = new Ref(nextId++, account, side, tif, price, qty, 0);
      r.type = type;
      r.stop = stop;
      r.expireAt = expireAt;
      stops.add(r);
      return null;
    }
    List<Ref> cross = crossing(side, market, price);
    if (tif == TimeInForce.POST_ONLY && !cross.isEmpty()) {
      return RejectReason.WOULD_TAKE_LIQUIDITY;
    }
    if (tif == TimeInForce.FOK) {
      long available = cross.stream().filter(r -> !r.account.equals(account)).mapToLong(r -> r.remaining).sum();
      if (available < qty) {
        return RejectReason.FOK_NOT_FILLABLE;
      }
    }
    long id = nextId++;
    long left = take(id, account, cross, qty);
    if (left > 0 && !market && (tif == TimeInForce.GTC || tif == TimeInForce.POST_ONLY || tif == TimeInForce.GTD)) {
      Ref r = new Ref(id, account, side, tif, price, left, ++seq);
      r.expireAt = expireAt;
      resting.add(r);
    }
    triggerStops();
    return null;
  }

  /** One at a time: nearest stop of a side first (then older), the older of the two sides' first. */
  private void triggerStops() {
    while (true) {
      Ref buy = nearest(Side.BUY);
      Ref sell = nearest(Side.SELL);
      if (buy == null && sell == null) {
        return;
      }
      Ref next = buy == null ? sell : sell == null ? buy : buy.id < sell.id ? buy : sell;
      stops.remove(next);
      boolean market = next.type == OrderType.STOP;
      long left = take(next.id, next.account, crossing(next.side, market, next.price), next.remaining);
      if (left > 0 && !market && next.tif != TimeInForce.IOC) {
        next.remaining = left;
        next.seq = ++seq;
        resting.add(next);
      }
    }
  }

  private Ref nearest(Side side) {
    Ref best = null;
    for (Ref s : stops) {
      boolean reached = lastPrice > 0 && (side == Side.BUY ? lastPrice >= s.stop : lastPrice <= s.stop);
      if (s.side == side && reached && (best == null
          || (side == Side.BUY ? s.stop < best.stop : s.stop > best.stop)
          || s.stop == best.stop && s.id < best.id)) {
        best = s;
      }
    }
    return best;
  }

  /** Every GTD order, resting or waiting, whose expiry is at or before {@code now} goes. */
  void expire(long now) {
    resting.removeIf(r -> r.expireAt != 0 && r.expireAt <= now);
    stops.removeIf(r -> r.expireAt != 0 && r.expireAt <= now);
  }

  /** id:stop:remaining of waiting stops, buys then sells, each in trigger order. */
  List<String> waitingStops() {
    Comparator<Ref> buys = Comparator.comparingLong(r -> r.stop);
    Comparator<Ref> sells = Comparator.comparingLong(r -> -r.stop);
    List<String> out = new ArrayList<>();
    stops.stream().filter(r -> r.side == Side.BUY).sorted(buys.thenComparingLong(r -> r.id))
        .forEach(r -> out.add(r.id + ":" + r.stop + ":" + r.remaining));
    stops.stream().filter(r -> r.side == Side.SELL).sorted(sells.thenComparingLong(r -> r.id))
        .forEach(r -> out.add(r.id + ":" + r.stop + ":" + r.remaining));
    return out;
  }

  private long take(long takerId, String account, List<Ref> cross, long qty) {
    long left = qty;
    for (Ref r : cross) {
      if (left == 0) {
        break;
      }
      if (r.account.equals(account)) {
        resting.remove(r);
        continue;
      }
      long q = Math.min(left, r.remaining);
      trades.add(new Trade(nextMatchId++, r.price, q, r.id, takerId));
      lastPrice = r.price;
      left -= q;
      r.remaining -= q;
      if (r.remaining == 0) {
        resting.remove(r);
      }
    }
    return left;
  }

  private Ref find(long id) {
    return resting.stream().filter(r -> r.id == id).findFirst()
        .orElse(stops.stream().filter(r -> r.id == id).findFirst().orElse(null));
  }

  RejectReason cancel(String account, long id) {
    Ref r = find(id);
    if (r == null) {
      return RejectReason.UNKNOWN_ORDER;
    }
    if (!r.account.equals(account)) {
      return RejectReason.NOT_ORDER_OWNER;
    }
    resting.remove(r);
    stops.remove(r);
    return null;
  }

  RejectReason amend(String account, long id, long newPrice, long qty) {
    Ref r = find(id);
    if (r == null) {
      return RejectReason.UNKNOWN_ORDER;
    }
    if (!r.account.equals(account)) {
      return RejectReason.NOT_ORDER_OWNER;
    }
    if (stops.contains(r)) {
      return RejectReason.NOT_AMENDABLE;
    }
    long price = newPrice == 0 ? r.price : newPrice;
    if (!validPrice(price)) {
      return RejectReason.INVALID_PRICE;
    }
    if (!validQty(qty)) {
      return RejectReason.INVALID_QUANTITY;
    }
    if (price == r.price && qty <= r.remaining) {
      r.remaining = qty;
      return null;
    }
    List<Ref> cross = crossing(r.side, false, price);
    if (r.tif == TimeInForce.POST_ONLY && !cross.isEmpty()) {
      return RejectReason.WOULD_TAKE_LIQUIDITY;
    }
    resting.remove(r);
    long left = take(id, r.account, cross, qty);
    if (left > 0) {
      r.price = price;
      r.remaining = left;
      r.seq = ++seq;
      resting.add(r);
    }
    triggerStops();
    return null;
  }

  /** id:price:remaining for one side, best first, FIFO inside a price. */
  List<String> side(Side side) {
    Comparator<Ref> byPrice = Comparator.comparingLong(r -> r.price);
    if (side == Side.BUY) {
      byPrice = byPrice.reversed();
    }
    return resting.stream()
        .filter(r -> r.side == side)
        .sorted(byPrice.thenComparingLong(r -> r.seq))
        .map(r -> r.id + ":" + r.price + ":" + r.remaining)
        .toList();
  }
}
