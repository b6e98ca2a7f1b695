package bookshard.book;

import static bookshard.book.OrderType.LIMIT;
import static bookshard.book.OrderType.MARKET;
import static bookshard.book.Side.BUY;
import static bookshard.book.Side.SELL;
import static bookshard.book.TimeInForce.FOK;
import static bookshard.book.TimeInForce.GTC;
import static bookshard.book.TimeInForce.IOC;
import static bookshard.book.TimeInForce.POST_ONLY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.book.BookEvent.OrderCancelled;
import bookshard.book.BookEvent.TradeExecuted;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderBookTest {
  private final Harness h = new Harness();

  private List<Long> queue(Side side) {
    return h.book.restingOrders(side).stream().map(OrderView::orderId).toList();
  }

  private static void assertFill(TradeExecuted t, long matchId, long price, long qty, long maker, long taker) {
    assertEquals(List.of(matchId, price, qty, maker, taker),
        List.of(t.matchId(), t.priceTicks(), t.quantityLots(), t.makerOrderId(), t.takerOrderId()));
  }

  @Test
  void crossingOrderTradesAtMakerPriceWithMatchIdOne() {
    long sell = h.limit("a", SELL, 100, 5).orderId();
    var buy = h.limit("b", BUY, 105, 3);
    assertEquals(OrderStatus.FILLED, buy.status());
    assertEquals(1, buy.fills().size());
    assertFill(buy.fills().get(0), 1, 100, 3, sell, buy.orderId());
    assertEquals(List.of(new LevelView(100, 2, 1)), h.book.depth(SELL, 10));
    assertEquals(2, h.book.order(sell).remainingLots());
    assertEquals(OrderStatus.PARTIALLY_FILLED_RESTING, h.book.order(sell).status());
  }

  @Test
  void betterPriceFirstThenEarlierArrival() {
    long s1 = h.limit("a", SELL, 101, 1).orderId();
    long s2 = h.limit("b", SELL, 100, 1).orderId();
    long s3 = h.limit("c", SELL, 100, 1).orderId();
    var buy = h.limit("d", BUY, 101, 3);
    assertEquals(List.of(s2, s3, s1), buy.fills().stream().map(TradeExecuted::makerOrderId).toList());
    assertEquals(List.of(100L, 100L, 101L), buy.fills().stream().map(TradeExecuted::priceTicks).toList());
    assertEquals(List.of(1L, 2L, 3L), buy.fills().stream().map(TradeExecuted::matchId).toList());
    assertEquals(0, h.book.restingOrderCount());
  }

  @Test
  void partiallyFilledMakerKeepsItsPlaceInTheQueue() {
    long s1 = h.limit("a", SELL, 100, 5).orderId();
    long s2 = h.limit("b", SELL, 100, 5).orderId();
    h.limit("c", BUY, 100, 2);
    assertEquals(List.of(s1, s2), queue(SELL));
    var next = h.limit("c", BUY, 100, 4);
    assertFill(next.fills().get(0), 2, 100, 3, s1, next.orderId());
    assertFill(next.fills().get(1), 3, 100, 1, s2, next.orderId());
  }

  @Test
  void takerRemainderRestsAtItsLimit() {
    h.limit("a", SELL, 100, 2);
    var buy = h.limit("b", BUY, 101, 5);
    assertEquals(OrderStatus.PARTIALLY_FILLED_RESTING, buy.status());
    assertEquals(3, buy.outcome().remainingLots());
    assertEquals(List.of(new LevelView(101, 3, 1)), h.book.depth(BUY, 5));
    assertEquals(List.of(), h.book.depth(SELL, 5));
  }

  @Test
  void iocCancelsItsRemainder() {
    h.limit("a", SELL, 100, 2);
    var ioc = h.place("b", BUY, LIMIT, IOC, 100, 5);
    assertEquals(OrderStatus.CANCELLED, ioc.status());
    assertEquals(1, ioc.fills().size());
    var cancel = (OrderCancelled) ioc.events().get(ioc.events().size() - 1);
    assertEquals(3, cancel.cancelledLots());
    assertEquals(CancelReason.UNFILLED_REMAINDER, cancel.reason());
    assertEquals(0, h.book.restingOrderCount());
  }

  @Test
  void fokThatCannotFillChangesNothing() {
    h.limit("a", SELL, 100, 2);
    h.limit("a", SELL, 102, 2);
    long nextOrderId = h.book.nextOrderId();
    var fok = h.place("b", BUY, LIMIT, FOK, 101, 3);
    assertEquals(RejectReason.FOK_NOT_FILLABLE, fok.rejected());
    assertEquals(nextOrderId, h.book.nextOrderId());
    assertEquals(2, h.book.restingOrderCount());
    var ok = h.place("b", BUY, LIMIT, FOK, 102, 3);
    assertEquals(OrderStatus.FILLED, ok.status());
    assertEquals(2, ok.fills().size());
  }

  @Test
  void fokDoesNotCountOwnOrdersAsLiquidity() {
    h.limit("b", SELL, 100, 5);
    h.limit("a", SELL, 100, 2);
    assertEquals(RejectReason.FOK_NOT_FILLABLE, h.place("b", BUY, LIMIT, FOK, 100, 3).rejected());
    assertEquals(2, h.book.restingOrderCount());
  }

  @Test
  void postOnlyIsRejectedWhenItWouldTake() {
    h.limit("a", SELL, 100, 2);
    assertEquals(RejectReason.WOULD_TAKE_LIQUIDITY, h.place("b", BUY, LIMIT, POST_ONLY, 100, 1).rejected());
    var maker = h.place("b", BUY, LIMIT, POST_ONLY, 99, 1);
    assertEquals(OrderStatus.RESTING, maker.status());
    assertEquals(List.of(new LevelView(99, 1, 1)), h.book.depth(BUY, 5));
  }

  @Test
  void marketOrderSweepsLevelsAndNeverRests() {
    h.limit("a", SELL, 100, 1);
    h.limit("a", SELL, 105, 1);
    h.limit("a", SELL, 200, 1);
    var market = h.place("b", BUY, MARKET, IOC, 0, 5);
    assertEquals(List.of(100L, 105L, 200L), market.fills().stream().map(TradeExecuted::priceTicks).toList());
    assertEquals(OrderStatus.CANCELLED, market.status());
    assertEquals(0, h.book.restingOrderCount());
    var intoEmpty = h.place("b", SELL, MARKET, IOC, 0, 5);
    assertEquals(OrderStatus.CANCELLED, intoEmpty.status());
    assertTrue(intoEmpty.fills().isEmpty());
  }

  @Test
  void marketOrderShapeIsChecked() {
    assertEquals(RejectReason.INVALID_PRICE, h.place("b", BUY, MARKET, IOC, 10, 5).rejected());
    assertEquals(RejectReason.INVALID_TIME_IN_FORCE, h.place("b", BUY, MARKET, GTC, 0, 5).rejected());
    assertEquals(RejectReason.INVALID_TIME_IN_FORCE, h.place("b", BUY, MARKET, POST_ONLY, 0, 5).rejected());
  }

  @Test
  void invalidPriceOrQuantityChangesNothing() {
    assertEquals(RejectReason.INVALID_PRICE, h.limit("a", BUY, 0, 1).rejected());
    assertEquals(RejectReason.INVALID_PRICE, h.limit("a", BUY, -5, 1).rejected());
    assertEquals(RejectReason.INVALID_PRICE, h.limit("a", BUY, Limits.MAX_PRICE_TICKS + 1, 1).rejected());
    assertEquals(RejectReason.INVALID_QUANTITY, h.limit("a", BUY, 10, 0).rejected());
    assertEquals(RejectReason.INVALID_QUANTITY, h.limit("a", BUY, 10, Limits.MAX_QUANTITY_LOTS + 1).rejected());
    assertEquals(1, h.book.nextOrderId());
    assertTrue(h.journal.isEmpty());
  }

  @Test
  void cancelRemovesRemainingQuantityOnce() {
    long id = h.limit("a", BUY, 100, 4).orderId();
    assertEquals(RejectReason.NOT_ORDER_OWNER, h.cancel("b", id).rejected());
    var c = h.cancel("a", id);
    assertEquals(OrderStatus.CANCELLED, c.status());
    assertEquals(4, ((OrderCancelled) c.events().get(0)).cancelledLots());
    assertNull(h.book.order(id));
    assertEquals(RejectReason.UNKNOWN_ORDER, h.cancel("a", id).rejected());
    assertEquals(RejectReason.UNKNOWN_ORDER, h.cancel("a", 999).rejected());
  }

  @Test
  void reduceKeepsPriority() {
    long b1 = h.limit("a", BUY, 100, 5).orderId();
    long b2 = h.limit("b", BUY, 100, 5).orderId();
    var r = h.amend("a", b1, 0, 2);
    assertEquals(OrderStatus.RESTING, r.status());
    assertEquals(List.of(b1, b2), queue(BUY));
    assertEquals(List.of(new LevelView(100, 7, 2)), h.book.depth(BUY, 1));
    var sell = h.limit("c", SELL, 100, 1);
    assertEquals(b1, sell.fills().get(0).makerOrderId());
  }

  @Test
  void increaseOrPriceChangeLosesPriority() {
    long b1 = h.limit("a", BUY, 100, 5).orderId();
    long b2 = h.limit("b", BUY, 100, 5).orderId();
    h.amend("a", b1, 0, 6);
    assertEquals(List.of(b2, b1), queue(BUY));
    h.amend("b", b2, 101, 5);
    h.amend("b", b2, 100, 5);
    assertEquals(List.of(b1, b2), queue(BUY));
    assertEquals(List.of(new LevelView(100, 11, 2)), h.book.depth(BUY, 1));
  }

  @Test
  void replaceToCrossingPriceTrades() {
    long s = h.limit("a", SELL, 105, 3).orderId();
    long b = h.limit("b", BUY, 100, 5).orderId();
    var r = h.amend("b", b, 105, 5);
    assertEquals(1, r.fills().size());
    assertFill(r.fills().get(0), 1, 105, 3, s, b);
    assertEquals(OrderStatus.PARTIALLY_FILLED_RESTING, r.status());
    assertEquals(List.of(new LevelView(105, 2, 1)), h.book.depth(BUY, 1));
  }

  @Test
  void amendOfFinishedOrForeignOrderIsRejected() {
    long b = h.limit("a", BUY, 100, 5).orderId();
    assertEquals(RejectReason.NOT_ORDER_OWNER, h.amend("x", b, 0, 1).rejected());
    assertEquals(RejectReason.INVALID_QUANTITY, h.amend("a", b, 0, 0).rejected());
    h.cancel("a", b);
    assertEquals(RejectReason.UNKNOWN_ORDER, h.amend("a", b, 0, 1).rejected());
  }

  @Test
  void postOnlyReplaceThatWouldTakeIsRejected() {
    h.limit("a", SELL, 105, 3);
    long b = h.place("b", BUY, LIMIT, POST_ONLY, 100, 5).orderId();
    assertEquals(RejectReason.WOULD_TAKE_LIQUIDITY, h.amend("b", b, 105, 5).rejected());
    assertEquals(100, h.book.order(b).priceTicks());
  }

  @Test
  void selfTradePreventionCancelsRestingAndGoesOn() {
    long own = h.limit("a", SELL, 100, 5).orderId();
    long other = h.limit("b", SELL, 100, 5).orderId();
    var buy = h.limit("a", BUY, 100, 3);
    assertEquals(OrderStatus.FILLED, buy.status());
    assertEquals(1, buy.fills().size());
    assertFill(buy.fills().get(0), 1, 100, 3, other, buy.orderId());
    var stp = (OrderCancelled) buy.events().get(1);
    assertEquals(own, stp.orderId());
    assertEquals(CancelReason.SELF_TRADE_PREVENTION, stp.reason());
    assertNull(h.book.order(own));
    assertEquals(List.of(other), queue(SELL));
  }

  @Test
  void clientOrderIdIsUniqueWhileTheOrderLives() {
    var first = h.place(new NewOrder("a", "c-1", BUY, LIMIT, GTC, 100, 1));
    assertEquals(RejectReason.DUPLICATE_CLIENT_ORDER_ID,
        h.place(new NewOrder("a", "c-1", BUY, LIMIT, GTC, 100, 1)).rejected());
    assertEquals(first.orderId(), h.book.orderByClientOrderId("a", "c-1").orderId());
    assertNull(h.place(new NewOrder("b", "c-1", BUY, LIMIT, GTC, 100, 1)).rejected());
    h.cancel("a", first.orderId());
    assertNull(h.place(new NewOrder("a", "c-1", BUY, LIMIT, GTC, 100, 1)).rejected());
  }

  @Test
  void applyRefusesAGapInMatchIds() {
    long s = h.limit("a", SELL, 100, 5).orderId();
    long b = h.limit("b", BUY, 90, 5).orderId();
    var bogus = new TradeExecuted(7, 100, 1, s, b, "a", "b", BUY, 1, null, null, true, true);
    assertThrows(IllegalStateException.class, () -> h.book.apply(bogus));
  }

  @Test
  void replayOfTheJournalRebuildsTheSameBook() {
    h.limit("a", SELL, 100, 5);
    h.limit("b", SELL, 101, 5);
    h.limit("c", BUY, 100, 2);
    long b = h.limit("c", BUY, 99, 2).orderId();
    h.amend("c", b, 0, 1);
    OrderBook replayed = new OrderBook();
    h.journal.forEach(replayed::apply);
    assertEquals(h.book.restingOrders(BUY), replayed.restingOrders(BUY));
    assertEquals(h.book.restingOrders(SELL), replayed.restingOrders(SELL));
    assertEquals(h.book.nextMatchId(), replayed.nextMatchId());
    assertEquals(h.book.nextOrderId(), replayed.nextOrderId());
  }
}
