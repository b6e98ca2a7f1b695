package bookshard.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.book.BookEvent.OrderAccepted;
import bookshard.book.BookEvent.OrderCancelled;
import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.BookEvent;
import bookshard.book.BookState;
import bookshard.book.NewOrder;
import bookshard.book.OrderStatus;
import bookshard.book.OrderType;
import bookshard.book.RejectReason;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import bookshard.protocol.BookReply;
import bookshard.protocol.BookRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The command processor alone: command -> events (applied to the state) -> reply. No actors, no journal. */
class CommandProcessorTest {
  private final AtomicLong clock = new AtomicLong(1_000);
  private final CommandProcessor processor = new CommandProcessor(clock::get, "node-a");
  private final BookState state = BookState.empty(3);
  private final List<BookEvent> journal = new ArrayList<>();

  private static NewOrder limit(String account, String clientOrderId, Side side, long price, long qty) {
    return new NewOrder(account, clientOrderId, side, OrderType.LIMIT, TimeInForce.GTC, price, qty);
  }

  private BookReply run(BookRequest c) {
    return processor.process(state, c, journal);
  }

  private BookReply.Accepted place(NewOrder o) {
    return assertInstanceOf(BookReply.Accepted.class, run(new BookRequest.Place(o)));
  }

  @Test
  void aCrossingOrderTradesAndItsEventsAreAppliedAndJournalled() {
    place(limit("alice", null, Side.SELL, 100, 5));
    BookReply.Accepted buy = place(limit("bob", null, Side.BUY, 101, 3));
    assertEquals(OrderStatus.FILLED, buy.outcome().status());
    TradeExecuted t = buy.outcome().fills().get(0);
    assertEquals(1, t.matchId());
    assertEquals(100, t.priceTicks());
    assertEquals(List.of(OrderAccepted.class, BookEvent.OrderRested.class, OrderAccepted.class, TradeExecuted.class),
        journal.stream().map(Object::getClass).toList());
    assertEquals(2, state.book().order(1).remainingLots(), "applied, so the next command sees it");
    assertEquals(1, state.recentTrades().after(0, 10).size());
  }

  /**
   * An attempt that reaches the book after its hold deadline may find its hold given up as an
   * orphan: it is answered overloaded and nothing is written; in time, it is placed as usual.
   */
  @Test
  void anAttemptPastItsHoldDeadlineIsRefusedAndWritesNothing() {
    NewOrder order = limit("alice", "c1", Side.BUY, 100, 5);
    assertEquals(new BookReply.Overloaded(), run(new BookRequest.Place(order, "a1", 999)));
    assertEquals(List.of(), journal);
    assertEquals(0, state.book().depth(Side.BUY, 10).size());

    BookReply.Accepted accepted = assertInstanceOf(BookReply.Accepted.class, run(new BookRequest.Place(order, "a2", 1_000)));
    assertEquals(false, accepted.duplicate());
    assertEquals("a2", assertInstanceOf(OrderAccepted.class, journal.get(0)).holdAttempt());
  }

  @Test
  void aMassCancelCancelsEveryRestingOrderOfTheAccountAndNothingElse() {
    place(limit("alice", null, Side.SELL, 105, 5));
    place(limit("bob", null, Side.SELL, 104, 1));
    place(limit("alice", null, Side.BUY, 95, 2));
    place(limit("alice", null, Side.BUY, 96, 7));
    journal.clear();
    BookReply.MassCancelled m = assertInstanceOf(BookReply.MassCancelled.class,
        run(new BookRequest.CancelAll("alice")));
    assertEquals(List.of(4L, 3L, 1L), m.orderIds(), "bids best first, then asks");
    assertEquals(3, journal.size());
    assertTrue(journal.stream().allMatch(e -> e instanceof OrderCancelled c && c.reason() == bookshard.book.CancelReason.USER));
    assertEquals(1, state.book().restingOrderCount());
    assertEquals("bob", state.book().order(2).account());
    journal.clear();
    assertEquals(List.of(), ((BookReply.MassCancelled) run(new BookRequest.CancelAll("alice"))).orderIds());
    assertEquals(List.of(), journal, "nothing to cancel writes nothing");
  }

  @Test
  void theInstrumentsRulesRejectWithTheirNameAndWriteNothing() {
    var spec = new bookshard.book.InstrumentSpec("X", 5, 10, 20, 1000, 5000, 1000);
    var rules = new CommandProcessor(clock::get, "node-a", spec);
    java.util.function.Function<NewOrder, BookReply> place =
        o -> rules.process(state, new BookRequest.Place(o), journal);
    assertEquals(new BookReply.Rejected(RejectReason.PRICE_NOT_ON_TICK), place.apply(limit("a", null, Side.SELL, 102, 20)));
    assertEquals(new BookReply.Rejected(RejectReason.QUANTITY_NOT_ON_LOT), place.apply(limit("a", null, Side.SELL, 100, 25)));
    assertEquals(new BookReply.Rejected(RejectReason.QUANTITY_BELOW_MIN), place.apply(limit("a", null, Side.SELL, 100, 10)));
    assertEquals(new BookReply.Rejected(RejectReason.QUANTITY_ABOVE_MAX), place.apply(limit("a", null, Side.SELL, 100, 1010)));
    assertEquals(new BookReply.Rejected(RejectReason.NOTIONAL_BELOW_MIN), place.apply(limit("a", null, Side.SELL, 100, 40)));
    assertEquals(List.of(), journal, "rejects write nothing");
    // No trade yet: no band. Then the last trade is at 100: a 10% band is 90..110.
    place.apply(limit("a", null, Side.SELL, 100, 50));
    assertInstanceOf(BookReply.Accepted.class, place.apply(limit("b", null, Side.BUY, 100, 50)));
    int written = journal.size();
    assertEquals(new BookReply.Rejected(RejectReason.PRICE_OUTSIDE_BAND), place.apply(limit("a", null, Side.SELL, 115, 50)));
    assertEquals(new BookReply.Rejected(RejectReason.PRICE_OUTSIDE_BAND), place.apply(limit("b", null, Side.BUY, 85, 60)));
    BookReply.Accepted edge = assertInstanceOf(BookReply.Accepted.class, place.apply(limit("a", null, Side.SELL, 110, 50)));
    assertInstanceOf(BookReply.Accepted.class, place.apply(limit("b", null, Side.BUY, 90, 60)));
    // A market order has no price rules, only quantity ones.
    assertEquals(new BookReply.Rejected(RejectReason.QUANTITY_NOT_ON_LOT), place.apply(
        new NewOrder("b", null, Side.BUY, OrderType.MARKET, TimeInForce.IOC, 0, 15)));
    // Amends: new price on the tick grid and in the band, quantity on the lot grid, not above max;
    // reducing below the minimum is allowed.
    long id = edge.outcome().orderId();
    java.util.function.Function<BookRequest, BookReply> run = c -> rules.process(state, c, journal);
    assertEquals(new BookReply.Rejected(RejectReason.PRICE_NOT_ON_TICK), run.apply(new BookRequest.Amend(id, "a", 107, 50)));
    assertEquals(new BookReply.Rejected(RejectReason.PRICE_OUTSIDE_BAND), run.apply(new BookRequest.Amend(id, "a", 120, 50)));
    assertEquals(new BookReply.Rejected(RejectReason.QUANTITY_NOT_ON_LOT), run.apply(new BookRequest.Amend(id, "a", 0, 45)));
    assertEquals(new BookReply.Rejected(RejectReason.QUANTITY_ABOVE_MAX), run.apply(new BookRequest.Amend(id, "a", 0, 2000)));
    assertInstanceOf(BookReply.Accepted.class, run.apply(new BookRequest.Amend(id, "a", 0, 10)));
    assertEquals(10, state.book().order(id).remainingLots());
    assertEquals(written + 2 + 2 + 1, journal.size(), "two orders rested (accepted, rested) and one reduce; no reject wrote anything");
  }

  @Test
  void aRejectionWritesNothing() {
    BookReply r = run(new BookRequest.Place(limit("alice", null, Side.SELL, -1, 5)));
    assertEquals(new BookReply.Rejected(RejectReason.INVALID_PRICE), r);
    assertEquals(new BookReply.Rejected(RejectReason.UNKNOWN_ORDER), run(new BookRequest.Cancel(9, "alice")));
    assertTrue(journal.isEmpty());
    assertEquals(1, state.book().nextOrderId(), "no order id used");
  }

  @Test
  void theBookReplyCountsTheBatchsEventsSoFar() {
    state.positionAt(40);
    place(limit("alice", null, Side.SELL, 100, 5));
    BookReply.Book book = assertInstanceOf(BookReply.Book.class, run(new BookRequest.GetBook(5)));
    assertEquals(42, book.sequenceNr(), "40 durable + accepted + rested");
    assertEquals("node-a", book.hostedBy());
    assertEquals(100, book.asks().get(0).priceTicks());
  }

  @Test
  void eventTimeNeverGoesBackwards() {
    place(limit("alice", null, Side.SELL, 100, 5));
    clock.set(500);
    place(limit("alice", null, Side.SELL, 101, 5));
    long first = ((OrderAccepted) journal.get(0)).timestampMillis();
    long second = ((OrderAccepted) journal.get(2)).timestampMillis();
    assertEquals(1_000, first);
    assertEquals(1_000, second);
  }

  @Test
  void aRetriedSubmissionGetsItsOriginalResultAndDifferentContentIsRefused() {
    place(limit("alice", null, Side.SELL, 100, 2));
    BookReply.Accepted first = place(limit("bob", "b-1", Side.BUY, 100, 5));
    int written = journal.size();
    BookReply.Accepted again = place(limit("bob", "b-1", Side.BUY, 100, 5));
    assertTrue(again.duplicate());
    assertEquals(first.outcome(), again.outcome(), "the original result, fills included");
    assertEquals(written, journal.size(), "a retry writes nothing");
    assertEquals(new BookReply.Rejected(RejectReason.DUPLICATE_CLIENT_ORDER_ID),
        run(new BookRequest.Place(limit("bob", "b-1", Side.BUY, 100, 6))));
    BookReply.Accepted otherAccount = place(limit("carol", "b-1", Side.BUY, 99, 1));
    assertEquals(false, otherAccount.duplicate(), "the id is per account");
  }

  @Test
  void cancelByClientOrderIdFindsTheAccountsRestingOrder() {
    place(limit("alice", "a-1", Side.SELL, 100, 5));
    place(limit("bob", "a-1", Side.SELL, 101, 5));
    BookReply.Accepted cancelled = assertInstanceOf(BookReply.Accepted.class,
        run(new BookRequest.CancelByClientOrderId("bob", "a-1")));
    assertEquals(2, cancelled.outcome().orderId());
    assertEquals(OrderStatus.CANCELLED, cancelled.outcome().status());
    assertInstanceOf(OrderCancelled.class, journal.get(journal.size() - 1));
    assertEquals(new BookReply.Rejected(RejectReason.UNKNOWN_ORDER),
        run(new BookRequest.CancelByClientOrderId("bob", "a-1")));
    assertEquals(1, state.book().restingOrderCount(), "alice's a-1 still rests");
  }

  @Test
  void latestTradesAreTheLastLimitOnes() {
    for (int i = 0; i < 5; i++) {
      place(limit("alice", null, Side.SELL, 100, 1));
      place(limit("bob", null, Side.BUY, 100, 1));
    }
    BookReply.Trades t = assertInstanceOf(BookReply.Trades.class,
        run(new BookRequest.GetTrades(BookRequest.LATEST, 2)));
    assertEquals(List.of(4L, 5L), t.trades().stream().map(TradeExecuted::matchId).toList());
    assertEquals(5, t.lastMatchId());
    assertEquals(3, t.oldestMatchId(), "the window holds 3");
  }
}
