package bookshard.book;

import static bookshard.book.OrderType.LIMIT;
import static bookshard.book.OrderType.STOP;
import static bookshard.book.OrderType.STOP_LIMIT;
import static bookshard.book.Side.BUY;
import static bookshard.book.Side.SELL;
import static bookshard.book.TimeInForce.GTC;
import static bookshard.book.TimeInForce.GTD;
import static bookshard.book.TimeInForce.IOC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.book.BookEvent.OrderCancelled;
import bookshard.book.BookEvent.StopTriggered;
import bookshard.book.BookEvent.TradeExecuted;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stop, stop-limit and GTD orders in the core: what triggers, in which order, and what expires. */
class StopAndGtdTest {
  private final Harness h = new Harness();

  private Harness.Result stop(String account, Side side, long stopPrice, long qty) {
    return h.place(new NewOrder(account, null, side, STOP, IOC, 0, qty, stopPrice, 0));
  }

  private Harness.Result stopLimit(String account, Side side, long stopPrice, long limit, long qty) {
    return h.place(new NewOrder(account, null, side, STOP_LIMIT, GTC, limit, qty, stopPrice, 0));
  }

  private Harness.Result gtd(String account, Side side, long price, long qty, long expireAt) {
    return h.place(new NewOrder(account, null, side, LIMIT, GTD, price, qty, 0, expireAt));
  }

  private List<BookEvent> journalSince(int from) {
    return h.journal.subList(from, h.journal.size());
  }

  @Test
  void aBuyStopWaitsOffTheBookThenTradesAtMarketWhenTheLastTradeReachesIt() {
    h.limit("m", SELL, 100, 1);
    h.limit("n", BUY, 99, 1);
    h.limit("t", BUY, 100, 1); // last trade 100
    var stop = stop("s", BUY, 102, 4);
    assertEquals(OrderStatus.STOP_WAITING, stop.status());
    assertEquals(OrderStatus.STOP_WAITING, h.book.order(stop.orderId()).status());
    assertEquals(List.of(), h.book.depth(BUY, 10).stream().filter(l -> l.priceTicks() > 99).toList());
    long a1 = h.limit("m", SELL, 102, 1).orderId();
    long a2 = h.limit("m", SELL, 105, 10).orderId();
    int before = h.journal.size();
    var lifting = h.limit("x", BUY, 102, 1); // trades at 102: the stop triggers
    assertEquals(1, lifting.fills().size(), "the command's reply is its own order's fills only");
    List<BookEvent> after = journalSince(before + lifting.events().size());
    assertEquals(new StopTriggered(stop.orderId(), 102, h.clock, "s", null), after.get(0));
    TradeExecuted t = (TradeExecuted) after.get(1);
    assertEquals(List.of(a2, stop.orderId(), 105L, 4L), List.of(t.makerOrderId(), t.takerOrderId(), t.priceTicks(),
        t.quantityLots()));
    assertEquals(2, after.size());
    assertNull(h.book.order(stop.orderId()));
    assertEquals(a1 + 0, lifting.fills().get(0).makerOrderId());
  }

  @Test
  void aStopWhoseTriggerIsAlreadyReachedIsRejectedAndABadStopPriceNamed() {
    h.limit("m", SELL, 100, 1);
    h.limit("t", BUY, 100, 1);
    assertEquals(RejectReason.WOULD_TRIGGER_IMMEDIATELY, stop("s", BUY, 100, 1).rejected());
    assertEquals(RejectReason.WOULD_TRIGGER_IMMEDIATELY, stop("s", SELL, 101, 1).rejected());
    assertEquals(RejectReason.INVALID_STOP_PRICE, stop("s", BUY, 0, 1).rejected());
    assertEquals(RejectReason.INVALID_STOP_PRICE,
        h.place(new NewOrder("s", null, BUY, LIMIT, GTC, 90, 1, 95, 0)).rejected());
    assertEquals(RejectReason.INVALID_TIME_IN_FORCE,
        h.place(new NewOrder("s", null, BUY, STOP, GTC, 0, 1, 105, 0)).rejected());
    assertEquals(RejectReason.INVALID_TIME_IN_FORCE,
        h.place(new NewOrder("s", null, BUY, STOP_LIMIT, TimeInForce.FOK, 106, 1, 105, 0)).rejected());
    assertEquals(0, h.book.waitingStopCount());
  }

  @Test
  void aStopLimitRestsAtItsLimitAfterTriggeringAndCanBeCancelledOrNotAmendedWhileWaiting() {
    h.limit("m", SELL, 100, 1);
    h.limit("t", BUY, 100, 1);
    var sl = stopLimit("s", SELL, 98, 97, 5);
    assertEquals(RejectReason.NOT_AMENDABLE, h.amend("s", sl.orderId(), 96, 5).rejected());
    var other = stopLimit("s", SELL, 95, 94, 5);
    assertEquals(null, h.cancel("s", other.orderId()).rejected());
    h.limit("b", BUY, 98, 2);
    h.limit("x", SELL, 98, 1); // last trade 98: triggers sl, which sells 1 at 98 and rests 4 at 97
    assertEquals(OrderStatus.PARTIALLY_FILLED_RESTING, h.book.order(sl.orderId()).status());
    assertEquals(List.of(new LevelView(97, 4, 1)), h.book.depth(SELL, 1));
    assertEquals(0, h.book.waitingStopCount());
  }

  @Test
  void triggeredStopsCascadeNearestStopFirstThenOlder() {
    h.limit("m", SELL, 100, 1);
    h.limit("t", BUY, 100, 1); // last 100
    long s103 = stop("p", BUY, 103, 1).orderId();
    long s101a = stop("q", BUY, 101, 1).orderId();
    long s101b = stop("r", BUY, 101, 1).orderId();
    h.limit("m", SELL, 101, 1);
    h.limit("m", SELL, 102, 1);
    h.limit("m", SELL, 103, 1);
    h.limit("m", SELL, 110, 5);
    int before = h.journal.size();
    h.limit("x", BUY, 101, 1); // 101: s101a (older) buys 102, s101b buys 103, which reaches s103
    List<Long> triggered = journalSince(before).stream().filter(e -> e instanceof StopTriggered)
        .map(e -> ((StopTriggered) e).orderId()).toList();
    assertEquals(List.of(s101a, s101b, s103), triggered);
    List<Long> prices = journalSince(before).stream().filter(e -> e instanceof TradeExecuted)
        .map(e -> ((TradeExecuted) e).priceTicks()).toList();
    assertEquals(List.of(101L, 102L, 103L, 110L), prices);
  }

  @Test
  void theFirstTradeCanReachBothSidesAndTheOlderStopGoesFirst() {
    long sell = stop("p", SELL, 105, 1).orderId();
    long buy = stop("q", BUY, 95, 1).orderId();
    h.limit("m", BUY, 96, 5);
    h.limit("m", SELL, 120, 5);
    h.limit("m", SELL, 100, 1);
    int before = h.journal.size();
    h.limit("t", BUY, 100, 1); // 100 reaches both; the sell stop then trades at 96, which still reaches 95
    List<Long> triggered = journalSince(before).stream().filter(e -> e instanceof StopTriggered)
        .map(e -> ((StopTriggered) e).orderId()).toList();
    assertEquals(List.of(sell, buy), triggered);
  }

  @Test
  void gtdOrdersExpireAtTheirTimeWhetherRestingOrWaiting() {
    long now = h.clock;
    assertEquals(RejectReason.INVALID_EXPIRE_TIME, gtd("a", BUY, 90, 1, now + 1).rejected(), "not after the order's time");
    assertEquals(RejectReason.INVALID_EXPIRE_TIME,
        h.place(new NewOrder("a", null, BUY, LIMIT, GTC, 90, 1, 0, now + 100)).rejected());
    long soon = gtd("a", BUY, 90, 3, now + 50).orderId();
    long later = gtd("a", BUY, 91, 3, now + 80).orderId();
    long waiting = h.place(new NewOrder("b", null, SELL, STOP_LIMIT, GTD, 80, 1, 85, now + 50)).orderId();
    assertEquals(now + 50, h.book.nextExpiryMillis());
    h.clock = now + 49;
    h.expire();
    assertEquals(2, h.book.restingOrderCount());
    int before = h.journal.size();
    h.clock = now + 50;
    h.expire();
    List<BookEvent> expired = journalSince(before);
    assertEquals(List.of(soon, waiting), expired.stream().map(e -> ((OrderCancelled) e).orderId()).toList());
    assertTrue(expired.stream().allMatch(e -> ((OrderCancelled) e).reason() == CancelReason.EXPIRED));
    assertEquals(now + 80, h.book.nextExpiryMillis());
    assertEquals(List.of(later), h.book.restingOrders(BUY).stream().map(OrderView::orderId).toList());
    h.limit("s", SELL, 91, 3); // fills it: no longer expiring
    assertEquals(Long.MAX_VALUE, h.book.nextExpiryMillis());
  }
}
