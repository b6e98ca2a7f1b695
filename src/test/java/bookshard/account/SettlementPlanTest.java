package bookshard.account;

import bookshard.protocol.AccountRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bookshard.book.BookEvent;
import bookshard.book.BookState;
import bookshard.book.CancelReason;
import bookshard.book.EventBatch;
import bookshard.book.NewOrder;
import bookshard.book.OrderType;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import bookshard.protocol.AssetTerms;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A settlement plans each row from its events alone: a fresh {@code Settlement} (no book, no
 * earlier rows) turns each write into the same commands the whole history would.
 */
class SettlementPlanTest {
  private static final AssetTerms TERMS = new AssetTerms("BTC", "USD", 100, 10, 0, 0);
  private final BookState state = BookState.empty(10);
  private long position = 1;
  private long clock = 1;

  /** The commands of one write, planned by a settlement that has seen nothing before it. */
  private List<Settlement.Instruction> write(List<BookEvent> events) {
    events.forEach(state::apply);
    EventBatch batch = new EventBatch(position, events);
    position += events.size();
    return new Settlement("BTC-USD", TERMS, "fees").plan(batch);
  }

  private List<Settlement.Instruction> place(String account, String clientOrderId, Side side, long price, long lots) {
    List<BookEvent> events = new ArrayList<>();
    state.book().place(new NewOrder(account, clientOrderId, side, OrderType.LIMIT, TimeInForce.GTC, price, lots),
        clock++, events);
    return write(events);
  }

  private static List<String> releases(List<Settlement.Instruction> plan) {
    return plan.stream().filter(i -> i.command() instanceof AccountRequest.Release)
        .map(i -> ((AccountRequest.Release) i.command()).holdId() + " keep " + ((AccountRequest.Release) i.command()).keep())
        .toList();
  }

  private static List<String> binds(List<Settlement.Instruction> plan) {
    return plan.stream().filter(i -> i.command() instanceof AccountRequest.Bind)
        .map(i -> i.account() + " " + ((AccountRequest.Bind) i.command()).holdId() + " -> "
            + ((AccountRequest.Bind) i.command()).boundTo())
        .toList();
  }

  @Test
  void anAcceptedOrderTakesOverItsAttemptsHoldUnderItsOwnName() {
    List<BookEvent> events = new ArrayList<>();
    state.book().place(new NewOrder("buyer", "b-1", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 3), clock++, events);
    events.set(0, ((BookEvent.OrderAccepted) events.get(0)).withHoldAttempt("x7-2"));
    List<Settlement.Instruction> plan = write(events);
    assertEquals(List.of("buyer BTC-USD:buyer:b-1@x7-2 -> BTC-USD:buyer:b-1#1"), binds(plan));
    assertEquals(1, plan.size(), "a resting order is only bound");
    // A row written before holds were per attempt binds the name its hold was taken under then.
    assertEquals(List.of("seller BTC-USD:seller:s-1 -> BTC-USD:seller:s-1#2"),
        binds(place("seller", "s-1", Side.SELL, 200, 1)));
  }

  @Test
  void anAbandonedAttemptIsReleasedByItsOwnName() {
    var plan = write(List.of(new BookEvent.HoldAbandoned("buyer", "b-1", 5, "x7-3")));
    assertEquals(List.of("BTC-USD:buyer:b-1@x7-3 keep 0"), releases(plan));
    plan = write(List.of(new BookEvent.HoldAbandoned("buyer", "b-1", 6)));
    assertEquals(List.of("BTC-USD:buyer:b-1 keep 0"), releases(plan), "a row from before attempts names the old hold");
  }

  @Test
  void holdNamesReadBackToWhatNamedThem() {
    String attempt = Settlement.attemptHoldId("BTC-USD", "acc", "c:1@x", "k9-1");
    assertEquals(new Settlement.HoldOf("BTC-USD", "c:1@x", "k9-1"), Settlement.parseHoldId(attempt, "acc"));
    assertEquals(new Settlement.HoldOf("BTC-USD", "c:1", null), Settlement.parseHoldId("BTC-USD:acc:c:1", "acc"));
    String order = Settlement.orderHoldId("BTC-USD", "acc", "c#2", 42);
    assertEquals(null, Settlement.parseHoldId(order, "acc"), "an order's hold is its order's, never abandoned");
    assertEquals("BTC-USD:acc:c#2", Settlement.legacyNameOf(order));
    assertEquals(null, Settlement.legacyNameOf(attempt));
    assertEquals(null, Settlement.parseHoldId(attempt, "other"));
  }

  @Test
  void tradesSettleBothSidesAndReleaseOnlyTheOrdersTheyFinish() {
    assertEquals(List.of("seller BTC-USD:seller:s-1 -> BTC-USD:seller:s-1#1"), binds(place("seller", "s-1", Side.SELL, 100, 5)));
    List<Settlement.Instruction> plan = place("buyer", "b-1", Side.BUY, 100, 2);
    var settles = plan.stream().filter(i -> i.command() instanceof AccountRequest.Settle)
        .map(i -> i.account() + " " + ((AccountRequest.Settle) i.command()).holdId() + " "
            + ((AccountRequest.Settle) i.command()).debitAmount())
        .toList();
    // 2 lots at 100 ticks: the buyer pays 2 * 100 * 10 USD, the seller gives 2 * 100 BTC.
    assertEquals(List.of("buyer BTC-USD:buyer:b-1#2 2000", "seller BTC-USD:seller:s-1#1 200"), settles);
    // The buyer is filled (its hold's remainder goes back); the seller still rests 3 lots.
    assertEquals(List.of("BTC-USD:buyer:b-1#2 keep 0"), releases(plan));
    assertEquals("buyer", plan.get(0).account(), "the taker's hold is bound before its trades settle against it");
    assertEquals(List.of("buyer BTC-USD:buyer:b-1 -> BTC-USD:buyer:b-1#2"), binds(plan.subList(0, 1)));

    plan = place("buyer", "b-2", Side.BUY, 100, 4);
    assertEquals(List.of("BTC-USD:seller:s-1#1 keep 0"), releases(plan), "the seller is now filled; b-2 rests 1 lot");
  }

  @Test
  void reduceKeepsWhatTheOrderCanStillCostAndCancelReleasesTheRest() {
    place("buyer", "b-1", Side.BUY, 100, 3);
    long id = state.book().restingOrders(Side.BUY).get(0).orderId();
    List<BookEvent> events = new ArrayList<>();
    state.book().amend(id, "buyer", 0, 1, clock++, events);
    assertEquals(List.of("BTC-USD:buyer:b-1#" + id + " keep 1000"), releases(write(events)));
    events = new ArrayList<>();
    state.book().cancel(id, "buyer", clock++, events);
    assertEquals(List.of("BTC-USD:buyer:b-1#" + id + " keep 0"), releases(write(events)));
  }

  @Test
  void aRowWrittenBeforeEventsNamedTheirOrdersIsRefusedNotGuessed() {
    var old = new BookEvent.OrderCancelled(9, 1, CancelReason.USER, 1, null, null);
    var plan = new Settlement("BTC-USD", TERMS, "fees");
    assertThrows(IllegalStateException.class, () -> plan.plan(new EventBatch(1, List.of(old))));
  }
}
