package bookshard.protocol;

import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.FinishedOrders;
import bookshard.book.LevelView;
import bookshard.book.OrderView;
import bookshard.book.Outcome;
import bookshard.book.RejectReason;
import java.util.List;

/** Replies of a book entity. All immutable copies: no reply shares state with the book. */
public sealed interface BookReply {

  /** The command's events are in the journal. {@code duplicate}: an idempotent retry. */
  record Accepted(Outcome outcome, boolean duplicate) implements BookReply {}

  /** The book has too many commands waiting; nothing changed. Retry later. */
  record Overloaded() implements BookReply {}

  /** Answers to items of {@link BookRequest.Batch}es, each under its item's id. */
  record Replies(List<Item> items) implements BookReply {
    public record Item(long id, BookReply reply) {}
  }

  /** A mass cancel is durable: these orders were cancelled (none, if the account had none). */
  record MassCancelled(List<Long> orderIds) implements BookReply {}

  /** Nothing changed and nothing was written. */
  record Rejected(RejectReason reason) implements BookReply {}

  /**
   * {@code hostedBy}: the cluster address of the node the book lives on; {@code sequenceNr}: the
   * journal sequence number of the last event this book reflects (the depth stream's numbering).
   */
  record Book(List<LevelView> bids, List<LevelView> asks, long lastMatchId, String hostedBy, long sequenceNr)
      implements BookReply {}

  record Order(OrderView order) implements BookReply {}

  /** An order that is no longer on the book, as it left it (filled or cancelled). */
  record FinishedOrder(FinishedOrders.Finished finished) implements BookReply {}

  /** Resting orders by side, and waiting stop orders ({@code stops}, off the book). */
  record RestingOrders(List<OrderView> bids, List<OrderView> asks, long nextOrderId, long nextMatchId,
      List<OrderView> stops) implements BookReply {}

  /** {@code oldestMatchId}: the oldest trade still held; 0 if none. */
  record Trades(List<TradeExecuted> trades, long lastMatchId, long oldestMatchId) implements BookReply {}
}
