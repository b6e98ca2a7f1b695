package bookshard.book;

import bookshard.book.BookEvent.TradeExecuted;
import java.util.List;

/**
 * Everything a book's journal determines: the order book, its recent trades and the results of
 * recent client order ids. Mutable and owned by one thread; {@link #apply} is its only mutator.
 */
public final class BookState {
  /** Client order ids remembered per book for idempotent retries. */
  public static final int CLIENT_ORDER_IDS = 100_000;

  private final OrderBook book;
  private final RecentTrades recentTrades;
  private final ClientOrderLedger clientOrders;

  public BookState(OrderBook book, RecentTrades recentTrades, ClientOrderLedger clientOrders) {
    this.book = book;
    this.recentTrades = recentTrades;
    this.clientOrders = clientOrders;
  }

  public static BookState empty(int recentTradeCapacity) {
    return new BookState(new OrderBook(), new RecentTrades(recentTradeCapacity), new ClientOrderLedger(CLIENT_ORDER_IDS));
  }

  public ClientOrderLedger clientOrders() {
    return clientOrders;
  }

  public OrderBook book() {
    return book;
  }

  public RecentTrades recentTrades() {
    return recentTrades;
  }

  /** What a snapshot of this state holds: resting orders, remembered client order ids, recent trades. */
  public long entries() {
    return (long) book.restingOrderCount() + clientOrders.size() + recentTrades.size();
  }

  public BookState apply(BookEvent event) {
    book.apply(event);
    clientOrders.apply(event);
    if (event instanceof TradeExecuted t) {
      recentTrades.add(t);
    }
    return this;
  }

  /** An earlier submission with the same clientOrderId: its result to repeat, or a conflict. */
  public sealed interface Prior {
    record Repeat(Outcome original) implements Prior {}

    record Conflict() implements Prior {}
  }

  /**
   * The clientOrderId rule, in one place: an id is unique per (account, book) while its order
   * rests and for as long as the ledger remembers its submission. A submission with a known id
   * and the same content is a retry and gets the original result (a resting order too old for
   * the ledger answers with its current state); different content is a conflict. Null: a new
   * submission.
   */
  public Prior prior(NewOrder o) {
    if (o.clientOrderId() == null) {
      return null;
    }
    ClientOrderLedger.Entry settled = clientOrders.get(o.account(), o.clientOrderId());
    if (settled != null) {
      return settled.order().sameContentAs(o) ? new Prior.Repeat(settled.outcome()) : new Prior.Conflict();
    }
    OrderView live = book.orderByClientOrderId(o.account(), o.clientOrderId());
    if (live != null) {
      return live.submitted().sameContentAs(o)
          ? new Prior.Repeat(new Outcome(live.orderId(), live.status(), live.remainingLots(), List.of()))
          : new Prior.Conflict();
    }
    return null;
  }
}
