package bookshard.book;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A deliberately naive book: one flat list of resting orders, sorted afresh on every match.
 * Written from SEMANTICS.md independently of {@link OrderBook}, to check it.
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
    boolean market = type == OrderType.MARKET;
    if (market && price != 0) {
      return RejectReason.INVALID_PRICE;
    }
    if (market && tif != TimeInForce.IOC && tif != TimeInForce.FOK) {
      return RejectReason.INVALID_TIME_IN_FORCE;
    }
    if (!market && !validPrice(price)) {
      return RejectReason.INVALID_PRICE;
    }
    if (!validQty(qty)) {
      return RejectReason.INVALID_QUANTITY;
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
    if (left > 0 && !market && (tif == TimeInForce.GTC || tif == TimeInForce.POST_ONLY)) {
      resting.add(new Ref(id, account, side, tif, price, left, ++seq));
    }
    return null;
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
      left -= q;
      r.remaining -= q;
      if (r.remaining == 0) {
        resting.remove(r);
      }
    }
    return left;
  }

  private Ref find(long id) {
    return resting.stream().filter(r -> r.id == id).findFirst().orElse(null);
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
