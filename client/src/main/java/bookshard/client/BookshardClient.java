package bookshard.client;

import bookshard.book.NewOrder;
import bookshard.book.RejectReason;
import bookshard.http.ApiError;
import bookshard.node.ClientMember;
import bookshard.protocol.BookReply;
import bookshard.protocol.BookRequest;
import bookshard.protocol.Books;
import bookshard.protocol.GuardReply;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A bookshard cluster from another JVM. It joins the cluster as a member with the role
 * {@code client}, which hosts no books, and sends the same typed messages the nodes send each
 * other (FlatBuffers on the wire) to the books' shard regions: no HTTP, no JSON.
 *
 * <p>Every call answers with the book's typed reply: {@link BookReply.Accepted} (with the order's
 * outcome and fills; {@code duplicate} for a retry of an order the book already has, by
 * clientOrderId), {@link BookReply.Rejected} (the same {@link RejectReason} as over HTTP; {@link
 * #errorOf} gives its HTTP code and field), {@link BookReply.Overloaded}, or a read. A stage that
 * completes exceptionally (a timeout while a book moves to another node) may or may not have
 * been applied: send it again with the same clientOrderId, and a book that has it answers
 * {@code duplicate}.
 *
 * <pre>{@code
 * try (BookshardClient client = BookshardClient.connect("pekko://bookshard@10.0.0.1:25520")) {
 *   BookReply r = client.place("BTC-USD", new NewOrder("alice", "o-1", Side.BUY, OrderType.LIMIT,
 *       TimeInForce.GTC, 100, 5)).toCompletableFuture().get();
 * }
 * }</pre>
 */
public final class BookshardClient implements AutoCloseable {
  private final ClientMember member;
  private final Books books;

  private BookshardClient(ClientMember member) {
    this.member = member;
    this.books = member.books();
  }

  /** Joins the cluster whose seed nodes are {@code seedNodes} (comma-separated cluster addresses). */
  public static BookshardClient connect(String seedNodes) throws Exception {
    return connect(ConfigFactory.parseString("bookshard.cluster.seed-nodes = \"" + seedNodes + "\""));
  }

  /**
   * Joins with {@code overrides} over the engine's configuration: {@code bookshard.cluster.seed-nodes}
   * is needed; the instruments and {@code bookshard.accounts.enabled} must be the cluster's.
   */
  public static BookshardClient connect(Config overrides) throws Exception {
    return new BookshardClient(ClientMember.join(overrides, Duration.ofSeconds(30)));
  }

  /** This client's cluster address. */
  public String address() {
    return member.address();
  }

  /** An order: limit, market, stop or stop-limit, any time in force (see {@link NewOrder}). */
  public CompletionStage<BookReply> place(String symbol, NewOrder order) {
    return known(symbol, () -> books.place(symbol, order));
  }

  public CompletionStage<BookReply> cancel(String symbol, String account, long orderId) {
    return change(symbol, new BookRequest.Cancel(orderId, account));
  }

  public CompletionStage<BookReply> cancelByClientOrderId(String symbol, String account, String clientOrderId) {
    return change(symbol, new BookRequest.CancelByClientOrderId(account, clientOrderId));
  }

  /** A new price ({@code 0} keeps it) and remaining quantity: lowering only the quantity keeps the order's place. */
  public CompletionStage<BookReply> amend(String symbol, String account, long orderId, long priceTicks,
      long quantityLots) {
    return change(symbol, new BookRequest.Amend(orderId, account, priceTicks, quantityLots));
  }

  /** Cancels every order of {@code account} in this book: {@link BookReply.MassCancelled}. */
  public CompletionStage<BookReply> cancelAll(String symbol, String account) {
    return change(symbol, new BookRequest.CancelAll(account));
  }

  /**
   * The dead-man's switch: unless called again within {@code timeoutMillis}, every order of
   * {@code account} in every configured book is cancelled; 0 disarms it.
   */
  public CompletionStage<GuardReply> cancelAllAfter(String account, long timeoutMillis) {
    return member.guards().arm(account, timeoutMillis);
  }

  /** The book's levels, {@code depth} per side: {@link BookReply.Book}. */
  public CompletionStage<BookReply> book(String symbol, int depth) {
    return read(symbol, new BookRequest.GetBook(depth));
  }

  /** One order, resting ({@link BookReply.Order}) or recently finished ({@link BookReply.FinishedOrder}). */
  public CompletionStage<BookReply> order(String symbol, long orderId) {
    return read(symbol, new BookRequest.GetOrder(orderId));
  }

  /** An account's resting orders, at most {@code limit} per side: {@link BookReply.RestingOrders}. */
  public CompletionStage<BookReply> restingOrders(String symbol, String account, int limit) {
    return read(symbol, new BookRequest.GetRestingOrders(account, limit));
  }

  /** The book's recent trades after {@code afterMatchId}, oldest first: {@link BookReply.Trades}. */
  public CompletionStage<BookReply> trades(String symbol, long afterMatchId, int limit) {
    return read(symbol, new BookRequest.GetTrades(afterMatchId, limit));
  }

  /** What a reply that did nothing is called over HTTP (status, code, field), or empty for one that did something. */
  public static Optional<ApiError> errorOf(BookReply reply) {
    return Optional.ofNullable(ApiError.refusal(reply));
  }

  private CompletionStage<BookReply> change(String symbol, BookRequest.Write command) {
    return known(symbol, () -> books.send(symbol, command));
  }

  private CompletionStage<BookReply> read(String symbol, BookRequest.Read query) {
    return known(symbol, () -> books.read(symbol, query));
  }

  /** A symbol without a book is refused here, as over HTTP, and no book is started for it. */
  private CompletionStage<BookReply> known(String symbol, java.util.function.Supplier<CompletionStage<BookReply>> call) {
    if (!books.exists(symbol)) {
      return CompletableFuture.completedFuture(new BookReply.Rejected(RejectReason.UNKNOWN_SYMBOL));
    }
    return call.get();
  }

  /** Leaves the cluster. */
  @Override
  public void close() throws Exception {
    member.close();
  }
}
