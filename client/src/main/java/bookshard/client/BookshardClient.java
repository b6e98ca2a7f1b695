package bookshard.client;

import bookshard.book.NewOrder;
import bookshard.book.RejectReason;
import bookshard.http.ApiError;
import bookshard.node.ClientMember;
import bookshard.protocol.BookReply;
import bookshard.protocol.BookRequest;
import bookshard.protocol.Books;
import bookshard.protocol.GuardReply;
import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.EventBatch;
import bookshard.book.LevelView;
import bookshard.book.Side;
import bookshard.codec.FeedCodec;
import bookshard.feed.DepthMessage;
import bookshard.feed.MarketData;
import bookshard.protocol.FeedRequest;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Source;
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

  /**
   * The book's trades in match id order, without end: those after {@code afterMatchId}, or with
   * it empty, those from now on. If the node serving the stream goes, the stream goes on from
   * another after the last trade it delivered (from now, if it delivered none): no match id is
   * skipped or repeated after the first trade. Trades are public: their accounts and
   * clientOrderIds are not sent.
   */
  public Source<TradeExecuted, NotUsed> trades(String symbol, OptionalLong afterMatchId) {
    AtomicLong after = new AtomicLong(afterMatchId.orElse(FeedRequest.FROM_NOW));
    return knownSource(symbol, () -> resumed(() -> member.feed(FeedRequest.Stream.TRADES, symbol, null, after.get())
        .map(FeedCodec::decodeTrade)
        .map(t -> {
          after.set(t.matchId());
          return t;
        })));
  }

  /**
   * The book's L2 depth: a {@link DepthMessage.Snapshot} of every level, then an
   * {@link DepthMessage.Update} for each event that changes a level. If the node serving the
   * stream goes, a new snapshot follows from another node: replace the local book with it.
   */
  public Source<DepthMessage, NotUsed> depth(String symbol) {
    return knownSource(symbol, () -> resumed(() -> member.feed(FeedRequest.Stream.DEPTH, symbol, null, FeedRequest.FROM_NOW)
        .map(FeedCodec::decodeDepth)
        .statefulMap(() -> true, (first, d) -> Pair.create(false, first ? snapshot(d)
            : (DepthMessage) new DepthMessage.Update(d.position(), d.changes(), d.checksum())), first -> Optional.empty())));
  }

  private static DepthMessage snapshot(FeedCodec.Depth d) {
    List<LevelView> bids = new ArrayList<>();
    List<LevelView> asks = new ArrayList<>();
    for (var c : d.changes()) {
      (c.side() == Side.BUY ? bids : asks).add(new LevelView(c.priceTicks(), c.quantityLots(), c.orderCount()));
    }
    return new DepthMessage.Snapshot(d.position(), bids, asks, d.checksum());
  }

  /**
   * One account's order events in one book, without end, as the WebSocket {@code orders}
   * channel sends them: after {@code afterPosition} (every one, from the journal), or with it
   * empty, from now on. The first element is a marker at the position the stream starts after
   * ({@code event} null). If the node serving the stream goes, it goes on from another after the
   * last position delivered: none is missed or repeated.
   */
  public Source<MarketData.AccountEvent, NotUsed> orders(String symbol, String account, OptionalLong afterPosition) {
    AtomicLong after = new AtomicLong(afterPosition.orElse(FeedRequest.FROM_NOW));
    return knownSource(symbol, () -> resumed(() -> member.feed(FeedRequest.Stream.ORDERS, symbol, account, after.get())
        .map(bytes -> {
          EventBatch b = FeedCodec.decodeAccountEvent(bytes);
          after.set(b.lastPosition());
          return new MarketData.AccountEvent(b.lastPosition(), b.events().isEmpty() ? null : b.events().get(0));
        })));
  }

  /** Runs this client's streams: {@code client.trades(...).runWith(sink, client.materializer())}. */
  public Materializer materializer() {
    return member.materializer();
  }

  /** A stream that starts again (with backoff) when it fails, which it does when the node serving it goes. */
  private static <T> Source<T, NotUsed> resumed(java.util.function.Supplier<Source<T, NotUsed>> stream) {
    return RestartSource.onFailuresWithBackoff(RESTART, stream::get);
  }

  private static final RestartSettings RESTART = RestartSettings.create(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);

  private <T> Source<T, NotUsed> knownSource(String symbol, java.util.function.Supplier<Source<T, NotUsed>> stream) {
    if (!books.exists(symbol)) {
      return Source.failed(new IllegalArgumentException(RejectReason.UNKNOWN_SYMBOL + ": no book for " + symbol));
    }
    return stream.get();
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
