package bookshard.fix;

import bookshard.book.BookEvent;
import bookshard.book.BookEvent.OrderAccepted;
import bookshard.book.BookEvent.OrderCancelled;
import bookshard.book.BookEvent.OrderReduced;
import bookshard.book.BookEvent.OrderReplaced;
import bookshard.book.BookEvent.StopTriggered;
import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.CancelReason;
import bookshard.book.OrderType;
import bookshard.book.OrderView;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import quickfix.Message;
import quickfix.field.Account;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;
import quickfix.field.OrderID;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.Price;
import quickfix.field.SecondaryExecID;
import quickfix.field.StopPx;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.field.TransactTime;

/**
 * The FIX view of one book's orders for a gateway's accounts: each order's ClOrdID chain, its
 * cumulative and leaves quantity and average price, built from the book's events alone (one
 * {@link #apply} per event, in journal order), so every ExecutionReport's CumQty and LeavesQty
 * are what the journal says. Thread-safe: events arrive on the stream's thread, requests on the
 * sessions'.
 */
final class FixOrders {
  /** A report for one account's session. */
  record Report(String account, Message message) {}

  private static final int FINISHED_KEPT = 10_000;
  private static final DateTimeFormatter TRANSACT_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final String symbol;
  private final Predicate<String> owns;
  private final Map<Long, Tracked> live = new HashMap<>();
  /** The last finished orders, for late cancels, replaces and status requests; their ClOrdIDs go with them. */
  private final Map<Long, Tracked> finished = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Tracked> eldest) {
      if (size() <= FINISHED_KEPT) {
        return false;
      }
      Tracked t = eldest.getValue();
      Map<String, Long> own = byClOrdId.get(t.account);
      t.clOrdIds.forEach(id -> own.remove(id, t.orderId));
      return true;
    }
  };
  /** Per account, each FIX ClOrdID a live or kept order has had, to the order's id. */
  private final Map<String, Map<String, Long>> byClOrdId = new HashMap<>();
  /** The ClOrdID of a cancel or replace sent for an order and not yet seen in the journal. */
  private final Map<Long, String> pendingCancel = new HashMap<>();
  private final Map<Long, String> pendingReplace = new HashMap<>();
  private long transactTimeMillis = -1;
  private String transactTime;

  FixOrders(String symbol, Predicate<String> owns) {
    this.symbol = symbol;
    this.owns = owns;
  }

  String symbol() {
    return symbol;
  }

  /** One order as FIX sees it. */
  static final class Tracked {
    final long orderId;
    final String account;
    final Side side;
    final OrderType type;
    final TimeInForce timeInForce;
    String clOrdId;
    String origClOrdId;
    long priceTicks;
    final long stopPriceTicks;
    long cumLots;
    long leavesLots;
    long notional;
    char status = OrdStatus.NEW;
    /** Every ClOrdID the order has had, the first being the book's clientOrderId. */
    final List<String> clOrdIds = new ArrayList<>(1);

    Tracked(long orderId, String account, String clOrdId, Side side, OrderType type, TimeInForce tif, long priceTicks,
        long stopPriceTicks, long leavesLots) {
      this.orderId = orderId;
      this.account = account;
      this.clOrdId = clOrdId;
      this.side = side;
      this.type = type;
      this.timeInForce = tif;
      this.priceTicks = priceTicks;
      this.stopPriceTicks = stopPriceTicks;
      this.leavesLots = leavesLots;
    }
  }

  /** Takes in a live order the book already had when the gateway started. */
  synchronized void seed(OrderView o) {
    Tracked t = new Tracked(o.orderId(), o.account(), o.clientOrderId(), o.side(), o.type(), o.timeInForce(),
        o.priceTicks(), o.stopPriceTicks(), o.remainingLots());
    t.cumLots = o.filledLots();
    // The fills' prices are not in the order; their average is taken as the limit price.
    t.notional = o.filledLots() * o.priceTicks();
    t.status = o.filledLots() > 0 ? OrdStatus.PARTIALLY_FILLED : OrdStatus.NEW;
    track(t);
  }

  /** The reports one event of the book makes, at its event position. */
  synchronized List<Report> apply(long position, BookEvent e) {
    List<Report> out = new ArrayList<>(1);
    if (e instanceof OrderAccepted a && owns.test(a.account())) {
      Tracked t = new Tracked(a.orderId(), a.account(), a.clientOrderId(), a.side(), a.type(), a.timeInForce(),
          a.priceTicks(), a.stopPriceTicks(), a.quantityLots());
      track(t);
      out.add(report(t, position, "", ExecType.NEW, a.timestampMillis()));
    } else if (e instanceof TradeExecuted tr) {
      if (owns.test(tr.makerAccount())) {
        fill(out, position, "-M", tr, tr.makerOrderId(), tr.makerAccount(), tr.makerClientOrderId(),
            tr.takerSide().opposite(), tr.makerDone());
      }
      if (owns.test(tr.takerAccount())) {
        fill(out, position, "-T", tr, tr.takerOrderId(), tr.takerAccount(), tr.takerClientOrderId(), tr.takerSide(),
            tr.takerDone());
      }
    } else if (e instanceof OrderCancelled c && owns.test(c.account())) {
      Tracked t = known(c.orderId(), c.account(), c.clientOrderId(), null);
      String cancelId = pendingCancel.remove(c.orderId());
      if (cancelId != null) {
        t.origClOrdId = t.clOrdId;
        t.clOrdId = cancelId;
        name(t, cancelId);
      }
      t.leavesLots = 0;
      t.status = c.reason() == CancelReason.EXPIRED ? OrdStatus.EXPIRED : OrdStatus.CANCELED;
      finish(t);
      Report r = report(t, position, "", t.status == OrdStatus.EXPIRED ? ExecType.EXPIRED : ExecType.CANCELED,
          c.timestampMillis());
      r.message().setString(Text.FIELD, c.reason().name());
      out.add(r);
    } else if (e instanceof OrderReduced r && owns.test(r.account())) {
      Tracked t = known(r.orderId(), r.account(), r.clientOrderId(), r.side());
      t.leavesLots = r.remainingLots();
      out.add(replaced(t, position, r.timestampMillis()));
    } else if (e instanceof OrderReplaced r && owns.test(r.account())) {
      Tracked t = known(r.orderId(), r.account(), r.clientOrderId(), r.side());
      t.priceTicks = r.priceTicks();
      t.leavesLots = r.remainingLots();
      out.add(replaced(t, position, r.timestampMillis()));
    } else if (e instanceof StopTriggered s && owns.test(s.account())) {
      Tracked t = known(s.orderId(), s.account(), s.clientOrderId(), null);
      out.add(report(t, position, "", ExecType.TRIGGERED_OR_ACTIVATED_BY_SYSTEM, s.timestampMillis()));
    }
    return out;
  }

  /** An order of this book by the gateway's id for it: a FIX ClOrdID it has had, or the book's clientOrderId. */
  synchronized Long orderIdOf(String account, String clOrdId) {
    Map<String, Long> own = byClOrdId.get(account);
    return own == null ? null : own.get(clOrdId);
  }

  /** The order as FIX sees it now, or null if the gateway does not know it. */
  synchronized Tracked get(long orderId) {
    Tracked t = live.get(orderId);
    return t != null ? t : finished.get(orderId);
  }

  /** The ClOrdID a cancel request gave the order: its Canceled report carries it. */
  synchronized void expectCancel(long orderId, String clOrdId) {
    pendingCancel.put(orderId, clOrdId);
  }

  synchronized void expectReplace(long orderId, String clOrdId) {
    pendingReplace.put(orderId, clOrdId);
  }

  /** A cancel or replace the book refused: its ClOrdID never becomes the order's. */
  synchronized void forget(long orderId) {
    pendingCancel.remove(orderId);
    pendingReplace.remove(orderId);
  }

  /** An OrderStatusRequest's answer (ExecType I), or null for an order the gateway does not know. */
  synchronized Message status(long orderId) {
    Tracked t = get(orderId);
    return t == null ? null : message(t, "status-" + t.orderId, ExecType.ORDER_STATUS, System.currentTimeMillis());
  }

  private void fill(List<Report> out, long position, String suffix, TradeExecuted tr, long orderId, String account,
      String clientOrderId, Side side, boolean done) {
    Tracked t = known(orderId, account, clientOrderId, side);
    t.cumLots += tr.quantityLots();
    t.notional += tr.priceTicks() * tr.quantityLots();
    t.leavesLots = done ? 0 : Math.max(0, t.leavesLots - tr.quantityLots());
    t.status = done ? OrdStatus.FILLED : OrdStatus.PARTIALLY_FILLED;
    if (done) {
      finish(t);
    }
    Report r = report(t, position, suffix, ExecType.TRADE, tr.timestampMillis());
    r.message().setString(LastPx.FIELD, Long.toString(tr.priceTicks()));
    r.message().setString(LastQty.FIELD, Long.toString(tr.quantityLots()));
    // FIX 4.4's ExecutionReport has no TradeID(1003): the book's match id goes here.
    r.message().setString(SecondaryExecID.FIELD, Long.toString(tr.matchId()));
    out.add(r);
  }

  private Report replaced(Tracked t, long position, long millis) {
    String newId = pendingReplace.remove(t.orderId);
    if (newId != null) {
      t.origClOrdId = t.clOrdId;
      t.clOrdId = newId;
      name(t, newId);
    }
    t.status = t.cumLots > 0 ? OrdStatus.PARTIALLY_FILLED : OrdStatus.NEW;
    return report(t, position, "", ExecType.REPLACED, millis);
  }

  /**
   * The tracked order, or one made from what the event says (an order the gateway never saw
   * accepted: placed while it was not following the book); its quantities then count from here.
   */
  private Tracked known(long orderId, String account, String clientOrderId, Side side) {
    Tracked t = get(orderId);
    if (t == null) {
      t = new Tracked(orderId, account, clientOrderId, side, OrderType.LIMIT, TimeInForce.GTC, 0, 0, 0);
      track(t);
    }
    return t;
  }

  private void track(Tracked t) {
    live.put(t.orderId, t);
    if (t.clOrdId != null) {
      name(t, t.clOrdId);
    }
  }

  private void name(Tracked t, String clOrdId) {
    byClOrdId.computeIfAbsent(t.account, a -> new HashMap<>()).put(clOrdId, t.orderId);
    t.clOrdIds.add(clOrdId);
  }

  private void finish(Tracked t) {
    live.remove(t.orderId);
    finished.put(t.orderId, t);
  }

  /** ExecID: the book, the event's position and the side of a trade, so a report read again keeps its id. */
  private Report report(Tracked t, long position, String suffix, char execType, long millis) {
    return new Report(t.account, message(t, symbol + "-" + position + suffix, execType, millis));
  }

  /**
   * An ExecutionReport as a plain {@link Message}: its body fields in tag order, which FIX allows
   * outside repeating groups. The typed {@code fix44.ExecutionReport} orders each field it is given
   * by a linear search of the message's field order; that was a tenth of the gateway's CPU.
   */
  private Message message(Tracked t, String execId, char execType, long millis) {
    Message er = new Message();
    er.getHeader().setString(MsgType.FIELD, MsgType.EXECUTION_REPORT);
    er.setString(OrderID.FIELD, Long.toString(t.orderId));
    er.setString(ExecID.FIELD, execId);
    er.setChar(ExecType.FIELD, execType);
    er.setChar(OrdStatus.FIELD, t.status);
    er.setChar(quickfix.field.Side.FIELD, FixFields.side(t.side));
    er.setString(LeavesQty.FIELD, Long.toString(t.leavesLots));
    er.setString(CumQty.FIELD, Long.toString(t.cumLots));
    er.setString(AvgPx.FIELD, averagePrice(t));
    if (t.clOrdId != null) {
      er.setString(ClOrdID.FIELD, t.clOrdId);
    }
    if (t.origClOrdId != null) {
      er.setString(OrigClOrdID.FIELD, t.origClOrdId);
    }
    er.setString(Symbol.FIELD, symbol);
    er.setString(Account.FIELD, t.account);
    er.setString(OrderQty.FIELD, Long.toString(t.cumLots + t.leavesLots));
    er.setChar(quickfix.field.OrdType.FIELD, FixFields.ordType(t.type));
    er.setChar(quickfix.field.TimeInForce.FIELD, FixFields.timeInForce(t.timeInForce));
    if (t.priceTicks > 0) {
      er.setString(Price.FIELD, Long.toString(t.priceTicks));
    }
    if (t.stopPriceTicks > 0) {
      er.setString(StopPx.FIELD, Long.toString(t.stopPriceTicks));
    }
    er.setString(TransactTime.FIELD, transactTime(millis));
    return er;
  }

  /** The average fill price in ticks: whole when it is, else to 8 places without trailing zeros. */
  private static String averagePrice(Tracked t) {
    if (t.cumLots == 0) {
      return "0";
    }
    if (t.notional % t.cumLots == 0) {
      return Long.toString(t.notional / t.cumLots);
    }
    return BigDecimal.valueOf(t.notional).divide(BigDecimal.valueOf(t.cumLots), 8, RoundingMode.HALF_EVEN)
        .stripTrailingZeros().toPlainString();
  }

  /** UTCTimestamp to the millisecond; the reports of one event (and of one millisecond) share it. */
  private String transactTime(long millis) {
    if (millis != transactTimeMillis) {
      transactTime = TRANSACT_TIME.format(Instant.ofEpochMilli(millis));
      transactTimeMillis = millis;
    }
    return transactTime;
  }
}
