package bookshard.protocol;

import bookshard.book.NewOrder;
import org.apache.pekko.actor.typed.ActorRef;

/** Messages a book entity accepts. Each names where its single reply goes. */
public sealed interface BookCommand {
  long LATEST = -1;

  ActorRef<BookReply> replyTo();

  /** Reads change nothing and write nothing. */
  default boolean isRead() {
    return this instanceof GetBook || this instanceof GetOrder || this instanceof GetRestingOrders
        || this instanceof GetTrades;
  }

  record Place(NewOrder order, ActorRef<BookReply> replyTo) implements BookCommand {}

  record Cancel(long orderId, String account, ActorRef<BookReply> replyTo) implements BookCommand {}

  /** Cancels the account's resting order that carries this clientOrderId. */
  record CancelByClientOrderId(String account, String clientOrderId, ActorRef<BookReply> replyTo)
      implements BookCommand {}

  /** Cancels every resting order of the account in this book. */
  record CancelAll(String account, ActorRef<BookReply> replyTo) implements BookCommand {}

  /**
   * From an account's ledger, for a hold that has waited long for its order: if no order of the
   * account with this clientOrderId is live or remembered, the book writes
   * {@link bookshard.book.BookEvent.HoldAbandoned} (its settlement then releases the hold);
   * otherwise nothing. Answered MassCancelled (nothing cancelled) once written, or Rejected
   * (DUPLICATE_CLIENT_ORDER_ID: the book knows the order, whose settlement owns the hold).
   */
  record AbandonHold(String account, String clientOrderId, ActorRef<BookReply> replyTo) implements BookCommand {}

  /** {@code priceTicks} 0 keeps the price; {@code quantityLots} is the new remaining quantity. */
  record Amend(long orderId, String account, long priceTicks, long quantityLots, ActorRef<BookReply> replyTo)
      implements BookCommand {}

  record GetBook(int depth, ActorRef<BookReply> replyTo) implements BookCommand {}

  record GetOrder(long orderId, ActorRef<BookReply> replyTo) implements BookCommand {}

  /**
   * Resting orders in priority order (bids then asks, best level first, FIFO inside a level),
   * of one account or all ({@code account} null), at most {@code limit} per side.
   */
  record GetRestingOrders(String account, int limit, ActorRef<BookReply> replyTo) implements BookCommand {}

  /** {@code afterMatchId} {@link #LATEST}: the last {@code limit} trades. */
  record GetTrades(long afterMatchId, int limit, ActorRef<BookReply> replyTo) implements BookCommand {}
}
