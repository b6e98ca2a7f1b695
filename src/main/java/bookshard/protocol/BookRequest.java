package bookshard.protocol;

import bookshard.book.NewOrder;

/**
 * What a caller asks of a book, without where the answer goes: {@link Books} takes these, and
 * the cluster adapter wraps each in a {@link BookCommand} with the reply address it makes.
 * A {@link Write} may change the book (and starts it); a {@link Read} changes nothing.
 */
public sealed interface BookRequest permits BookRequest.Write, BookRequest.Read {
  /** {@link GetTrades#afterMatchId}: the latest trades. */
  long LATEST = -1;

  sealed interface Write extends BookRequest permits Place, Cancel, CancelByClientOrderId, CancelAll, AbandonHold, Amend, Batch {}

  sealed interface Read extends BookRequest permits GetBook, GetOrder, GetRestingOrders, GetTrades {}

  /**
   * {@code holdAttempt}: with accounts, the attempt whose hold the order takes over if the book
   * accepts it as new ({@link bookshard.book.BookEvent.OrderAccepted#holdAttempt}); null without.
   * {@code holdDeadlineMillis}: the book answers {@link BookReply.Overloaded} and writes nothing
   * once its clock is past this (epoch ms; 0: never), because by then the attempt's hold may have
   * been given up as an orphan; an order accepted after that would rest with nothing held.
   */
  record Place(NewOrder order, String holdAttempt, long holdDeadlineMillis) implements Write {
    public Place(NewOrder order) {
      this(order, null, 0);
    }

    public Place(NewOrder order, String holdAttempt) {
      this(order, holdAttempt, 0);
    }
  }

  record Cancel(long orderId, String account) implements Write {}

  /** Cancels the account's resting order that carries this clientOrderId. */
  record CancelByClientOrderId(String account, String clientOrderId) implements Write {}

  /** Cancels every resting order of the account in this book. */
  record CancelAll(String account) implements Write {}

  /**
   * From an account's ledger, for a hold that has waited long for its order. An attempt's hold
   * ({@code holdAttempt} set): the book writes {@link bookshard.book.BookEvent.HoldAbandoned}, and
   * its settlement releases the hold unless an order took it over earlier in the journal. A hold
   * named by the clientOrderId alone (made before holds were per attempt): the same, but only if
   * no order of the account with this clientOrderId is live or remembered; otherwise Rejected
   * (DUPLICATE_CLIENT_ORDER_ID: the book knows the order, whose settlement owns the hold).
   * Answered MassCancelled (nothing cancelled) once written.
   */
  record AbandonHold(String account, String clientOrderId, String holdAttempt) implements Write {
    public AbandonHold(String account, String clientOrderId) {
      this(account, clientOrderId, null);
    }
  }

  /**
   * Several requests for one book in one message: what a client member has for the book while
   * its earlier messages are on their way. The book takes each item as if it came alone (in
   * order, each answered under its {@code id}, which the sender chooses and which is not 0) and
   * answers with {@link BookReply.Replies}. It passes below pre-trade risk: the cluster adapter
   * makes batches of requests that have already passed it.
   */
  record Batch(java.util.List<Item> items) implements Write {
    public record Item(long id, BookRequest request) {}
  }

  /** {@code priceTicks} 0 keeps the price; {@code quantityLots} is the new remaining quantity. */
  record Amend(long orderId, String account, long priceTicks, long quantityLots) implements Write {}

  record GetBook(int depth) implements Read {}

  record GetOrder(long orderId) implements Read {}

  /**
   * Resting orders in priority order (bids then asks, best level first, FIFO inside a level),
   * of one account or all ({@code account} null), at most {@code limit} per side.
   */
  record GetRestingOrders(String account, int limit) implements Read {}

  /** {@code afterMatchId} {@link #LATEST}: the last {@code limit} trades. */
  record GetTrades(long afterMatchId, int limit) implements Read {}

  /** Every kind of request, for counters that exist before the first of each arrives. */
  static java.util.List<Class<?>> kinds() {
    java.util.List<Class<?>> kinds = new java.util.ArrayList<>();
    for (Class<?> group : BookRequest.class.getPermittedSubclasses()) {
      kinds.addAll(java.util.List.of(group.getPermittedSubclasses()));
    }
    return kinds;
  }
}
