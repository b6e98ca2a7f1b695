package bookshard.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.book.NewOrder;
import bookshard.book.OrderStatus;
import bookshard.book.OrderType;
import bookshard.book.RejectReason;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import bookshard.node.BookshardNode;
import bookshard.protocol.BookReply;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client in its own actor system (its own cluster member, messages over the loopback network)
 * against an engine node: what it places is what the node's HTTP API then shows.
 */
class BookshardClientTest {
  private static BookshardNode node;
  private static BookshardClient client;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("bookshard-client");
    node = BookshardNode.start(ConfigFactory.parseString(String.join("\n",
        "bookshard.data-dir = \"" + dir.toString().replace("\\", "/") + "\"",
        "bookshard.http.port = 0",
        "pekko.remote.artery.canonical.port = 0",
        "pekko.management.http.port = 0",
        "pekko.loglevel = WARNING",
        "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off")));
    client = BookshardClient.connect(ConfigFactory.parseString(String.join("\n",
        "bookshard.cluster.seed-nodes = \"" + node.clusterAddress() + "\"",
        "bookshard.data-dir = \"" + dir.resolve("client").toString().replace("\\", "/") + "\"",
        "pekko.loglevel = WARNING",
        "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (node != null) {
      node.close();
    }
  }

  private static BookReply get(CompletionStage<BookReply> reply) throws Exception {
    return reply.toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static NewOrder limit(String account, String clientOrderId, Side side, long price, long lots) {
    return new NewOrder(account, clientOrderId, side, OrderType.LIMIT, TimeInForce.GTC, price, lots);
  }

  @Test
  void ordersFromAnotherMemberTradeRetryAndCancelLikeAnyOther() throws Exception {
    var sell = assertInstanceOf(BookReply.Accepted.class, get(client.place("ETH-USD", limit("s", "s-1", Side.SELL, 100, 5))));
    assertEquals(OrderStatus.RESTING, sell.outcome().status());
    var buy = assertInstanceOf(BookReply.Accepted.class, get(client.place("ETH-USD", limit("b", "b-1", Side.BUY, 100, 2))));
    assertEquals(OrderStatus.FILLED, buy.outcome().status());
    assertEquals(1, buy.outcome().fills().size());
    long matchId = buy.outcome().fills().get(0).matchId();
    assertEquals(sell.outcome().orderId(), buy.outcome().fills().get(0).makerOrderId());

    // A retry with the same clientOrderId is the same order, not a second one.
    var retry = assertInstanceOf(BookReply.Accepted.class, get(client.place("ETH-USD", limit("b", "b-1", Side.BUY, 100, 2))));
    assertTrue(retry.duplicate());
    assertEquals(buy.outcome().orderId(), retry.outcome().orderId());

    var amended = assertInstanceOf(BookReply.Accepted.class,
        get(client.amend("ETH-USD", "s", sell.outcome().orderId(), 0, 1)));
    assertEquals(1, amended.outcome().remainingLots());
    var book = assertInstanceOf(BookReply.Book.class, get(client.book("ETH-USD", 10)));
    assertEquals(1, book.asks().size());
    assertEquals(1, book.asks().get(0).quantityLots());
    assertEquals(matchId, book.lastMatchId());

    assertInstanceOf(BookReply.Accepted.class, get(client.cancelByClientOrderId("ETH-USD", "s", "s-1")));
    assertTrue(assertInstanceOf(BookReply.Book.class, get(client.book("ETH-USD", 10))).asks().isEmpty());
    var trades = assertInstanceOf(BookReply.Trades.class, get(client.trades("ETH-USD", 0, 10)));
    assertEquals(matchId, trades.trades().get(trades.trades().size() - 1).matchId());

    // The node's own HTTP API sees what the client did.
    String json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/books/ETH-USD")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertTrue(json.contains("\"lastMatchId\":" + matchId), json);
  }

  /** Waits until {@code got} holds at least {@code n} elements. */
  private static void await(java.util.List<?> got, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (got.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(n, got.size(), "elements: " + got);
  }

  private static <T> java.util.List<T> collect(org.apache.pekko.stream.javadsl.Source<T, ?> source) {
    java.util.List<T> got = new java.util.concurrent.CopyOnWriteArrayList<>();
    source.runWith(org.apache.pekko.stream.javadsl.Sink.foreach(got::add), client.materializer());
    return got;
  }

  @Test
  void streamsTradesDepthAndAnAccountsOrdersFromTheNodesJournal() throws Exception {
    String btc = "BTC-USD";
    get(client.place(btc, limit("m", "m-1", Side.SELL, 200, 3)));
    long first = assertInstanceOf(BookReply.Accepted.class, get(client.place(btc, limit("t", "t-1", Side.BUY, 200, 1))))
        .outcome().fills().get(0).matchId();
    var trades = collect(client.trades(btc, java.util.OptionalLong.of(first - 1)));
    var depth = collect(client.depth(btc));
    var orders = collect(client.orders(btc, "t", java.util.OptionalLong.of(0)));
    await(trades, 1);
    await(depth, 1);
    await(orders, 3);
    get(client.place(btc, limit("t", "t-2", Side.BUY, 200, 1)));
    get(client.place(btc, limit("t", "t-3", Side.BUY, 200, 1)));
    await(trades, 3);
    await(depth, 3);
    await(orders, 7);

    assertEquals(java.util.List.of(first, first + 1, first + 2), trades.stream().map(t -> t.matchId()).toList());
    assertTrue(trades.stream().allMatch(t -> t.priceTicks() == 200 && t.makerAccount() == null),
        "public trades, without accounts: " + trades);

    var snapshot = assertInstanceOf(bookshard.feed.DepthMessage.Snapshot.class, depth.get(0));
    assertEquals(java.util.List.of(new bookshard.book.LevelView(200, 2, 1)), snapshot.asks());
    assertTrue(snapshot.bids().isEmpty());
    var one = assertInstanceOf(bookshard.feed.DepthMessage.Update.class, depth.get(1));
    assertEquals(1, one.changes().get(0).quantityLots());
    var gone = assertInstanceOf(bookshard.feed.DepthMessage.Update.class, depth.get(2));
    assertEquals(0, gone.changes().get(0).quantityLots());

    assertEquals(0, orders.get(0).position());
    assertEquals(null, orders.get(0).event(), "the first element marks where the stream starts");
    var kinds = orders.stream().skip(1).map(o -> o.event().getClass().getSimpleName()).toList();
    assertEquals(java.util.List.of("OrderAccepted", "TradeExecuted", "OrderAccepted", "TradeExecuted", "OrderAccepted",
        "TradeExecuted"), kinds);
    for (int i = 1; i < orders.size(); i++) {
      assertTrue(orders.get(i).position() > orders.get(i - 1).position(), "positions grow: " + orders);
    }
    // Resumed after the first fill: the marker, then t-2 onwards.
    var resumed = collect(client.orders(btc, "t", java.util.OptionalLong.of(orders.get(2).position())));
    await(resumed, 5);
    assertEquals(orders.get(2).position(), resumed.get(0).position());
    assertEquals(orders.subList(3, 7), resumed.subList(1, 5));

    // A symbol without a book is refused, as over HTTP.
    var unknown = client.trades("NOPE", java.util.OptionalLong.empty())
        .runWith(org.apache.pekko.stream.javadsl.Sink.ignore(), client.materializer()).toCompletableFuture();
    var failure = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
        () -> unknown.get(5, TimeUnit.SECONDS));
    assertTrue(failure.getCause().getMessage().contains("UNKNOWN_SYMBOL"), failure.getCause().toString());
  }

  @Test
  void badOrdersAreRejectedWithTheHttpApisCodeAndField() throws Exception {
    BookReply zero = get(client.place("SOL-USD", limit("x", null, Side.BUY, 100, 0)));
    assertEquals(RejectReason.INVALID_QUANTITY, assertInstanceOf(BookReply.Rejected.class, zero).reason());
    assertEquals("quantityLots", BookshardClient.errorOf(zero).orElseThrow().field());
    assertEquals(400, BookshardClient.errorOf(zero).orElseThrow().status());

    BookReply unknown = get(client.place("NOPE-USD", limit("x", null, Side.BUY, 100, 1)));
    assertEquals(RejectReason.UNKNOWN_SYMBOL, assertInstanceOf(BookReply.Rejected.class, unknown).reason());
    assertEquals("symbol", BookshardClient.errorOf(unknown).orElseThrow().field());

    BookReply notOwner = get(client.cancel("SOL-USD", "x", 424242));
    assertEquals(RejectReason.UNKNOWN_ORDER, assertInstanceOf(BookReply.Rejected.class, notOwner).reason());
    assertFalse(BookshardClient.errorOf(get(client.book("SOL-USD", 1))).isPresent());
  }
}
