package bookshard.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.node.BookshardNode;
import bookshard.support.Backend;
import bookshard.support.TestNodes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.testkit.TestRoute;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP API against a real node (sharding + H2 journal), through pekko-http's route testkit. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BookRoutesTest extends JUnit5RouteTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger symbols = new AtomicInteger();
  private BookshardNode node;
  private TestRoute route;
  private com.typesafe.config.Config journal;

  @BeforeAll
  void start() throws Exception {
    Path dir = Files.createTempDirectory("routes");
    // A tiny in-memory trade window, so reads further back must come from the journal.
    journal = Backend.H2.freshJournal(dir);
    node = TestNodes.start(journal, "bookshard.book.recent-trades = 4\n"
        + "bookshard.instruments.rules { \"SOL-USD\" { tick-size = 5, lot-size = 10, price-band-bps = 1000,"
        + " base-per-lot = 1000, taker-fee-bps = 20 } }\n");
    route = testRoute(contract.recording(node.route()));
  }

  private final OpenApiContract contract = new OpenApiContract();

  @AfterAll
  void responsesMatchTheOpenApiDocument() {
    contract.assertEveryResponseMatched();
    // Streams never end, so the route testkit cannot read them: MarketDataStreamTest does.
    org.junit.jupiter.api.Assertions.assertEquals(java.util.Set.of("GET /books/{symbol}/depth/stream",
        "GET /books/{symbol}/trades/stream"), contract.uncovered(), "documented routes no test answered");
  }

  @Test
  void theContractAndItsPageAreServedAndEveryRouteAnswersAsDocumented() {
    String s = freshSymbol();
    assertTrue(route.run(HttpRequest.GET("/openapi.yaml")).assertStatusCode(200).entityString().startsWith("openapi: 3"));
    assertTrue(route.run(HttpRequest.GET("/docs")).assertStatusCode(200).entityString().contains("SwaggerUIBundle"));
    route.run(HttpRequest.GET("/docs/swagger-ui-bundle.js")).assertStatusCode(200);
    // Swagger UI's own entry points show this API, not its Petstore demo.
    for (String entry : new String[] {"/docs/index.html", "/docs/swagger-initializer.js"}) {
      String body = route.run(HttpRequest.GET(entry)).assertStatusCode(200).entityString();
      assertTrue(body.contains("/openapi.yaml") && !body.contains("petstore"), entry + ": " + body);
    }
    assertTrue(route.run(HttpRequest.GET("/metrics")).assertStatusCode(200).entityString().contains("bookshard_"));
    route.run(HttpRequest.GET("/health")).assertStatusCode(200);
    route.run(HttpRequest.GET("/ready"));
    route.run(HttpRequest.GET("/books")).assertStatusCode(200);
    route.run(HttpRequest.GET("/instruments")).assertStatusCode(200);
    long id = body(post("/books/" + s + "/orders", order("doc", "BUY", 10, 5)).assertStatusCode(201)).get("orderId").asLong();
    post("/books/" + s + "/orders", "{\"account\":\"doc\",\"clientOrderId\":\"d-1\",\"side\":\"SELL\","
        + "\"priceTicks\":50,\"quantityLots\":1}").assertStatusCode(201);
    route.run(HttpRequest.GET("/books/" + s)).assertStatusCode(200);
    route.run(HttpRequest.GET("/books/" + s + "/orders?account=doc")).assertStatusCode(200);
    route.run(HttpRequest.GET("/books/" + s + "/orders/" + id)).assertStatusCode(200);
    route.run(HttpRequest.PATCH("/books/" + s + "/orders/" + id)
        .withEntity(ContentTypes.APPLICATION_JSON, "{\"account\":\"doc\",\"quantityLots\":4}")).assertStatusCode(200);
    post("/books/" + s + "/orders/" + id + "/amend", "{\"account\":\"doc\",\"quantityLots\":3}").assertStatusCode(200);
    route.run(HttpRequest.DELETE("/books/" + s + "/client-orders/d-1?account=doc")).assertStatusCode(200);
    route.run(HttpRequest.DELETE("/books/" + s + "/orders/" + id + "?account=doc")).assertStatusCode(200);
    route.run(HttpRequest.GET("/books/" + s + "/orders/" + id)).assertStatusCode(200); // finished
    route.run(HttpRequest.GET("/books/" + s + "/trades")).assertStatusCode(200);
    route.run(HttpRequest.GET("/books/" + s + "/accounts/doc/events")).assertStatusCode(200);
    route.run(HttpRequest.DELETE("/books/" + s + "/orders?account=doc")).assertStatusCode(200);
    route.run(HttpRequest.DELETE("/orders?account=doc")).assertStatusCode(200);
    post("/accounts/doc/cancel-all-after", "{\"timeoutMillis\":0}").assertStatusCode(200);
    // With accounts off (this node), the accounts' routes answer 404 ACCOUNTS_OFF: see below.
    post("/accounts/doc/deposits", "{\"asset\":\"USD\",\"amount\":100,\"requestId\":\"dep-1\"}").assertStatusCode(404);
    post("/accounts/doc/withdrawals", "{\"asset\":\"USD\",\"amount\":30,\"requestId\":\"wd-1\"}").assertStatusCode(404);
    route.run(HttpRequest.GET("/accounts/doc/balances")).assertStatusCode(404);
  }

  @Test
  void aRequestsRouteIsItsTemplateSoTheLatencyHistogramHasOneSeriesPerRoute() {
    String[][] cases = {
        {"POST", "/books/BTC-USD/orders", "POST /books/{symbol}/orders"},
        {"POST", "/books/ETH-USD/orders/17/amend", "POST /books/{symbol}/orders/{orderId}/amend"},
        {"GET", "/books/X/trades/stream", "GET /books/{symbol}/trades/stream"},
        {"GET", "/books/X/accounts/alice/events", "GET /books/{symbol}/accounts/{account}/events"},
        {"GET", "/accounts/alice/balances", "GET /accounts/{account}/balances"},
        {"GET", "/metrics", "GET /metrics"},
        {"GET", "/ui/app.js", "GET /ui/*"},
        {"GET", "/no/such/thing/at/all", "GET other"},
        {"GET", "/books/X/orders/1/2/3", "GET other"},
    };
    for (String[] c : cases) {
      HttpRequest r = HttpRequest.create(c[1]).withMethod(org.apache.pekko.http.javadsl.model.HttpMethods.lookup(c[0]).get());
      assertEquals(c[2], BookRoutes.routeOf(r), c[1]);
    }
  }

  @Test
  void depositsAndWithdrawalsNeverGoBelowZeroAndARepeatedRequestIsAppliedOnce() throws Exception {
    accountsOn();
    String a = "acct-" + symbols.incrementAndGet();
    JsonNode first = body(postWithAccounts("/accounts/" + a + "/deposits", "{\"asset\":\"BTC\",\"amount\":500,\"requestId\":\"d1\"}")
        .assertStatusCode(200));
    assertEquals(500, first.get("balances").get(0).get("available").asLong());
    assertEquals(false, first.get("duplicate").asBoolean());
    JsonNode again = body(postWithAccounts("/accounts/" + a + "/deposits", "{\"asset\":\"BTC\",\"amount\":500,\"requestId\":\"d1\"}")
        .assertStatusCode(200));
    assertEquals(true, again.get("duplicate").asBoolean());
    assertEquals(500, again.get("balances").get(0).get("available").asLong(), "the retry applied nothing");
    expectError(postWithAccounts("/accounts/" + a + "/withdrawals", "{\"asset\":\"BTC\",\"amount\":501,\"requestId\":\"w1\"}"),
        422, "INSUFFICIENT_FUNDS", "amount");
    expectError(postWithAccounts("/accounts/" + a + "/deposits", "{\"asset\":\"DOGE\",\"amount\":5,\"requestId\":\"d2\"}"),
        400, "INVALID_FIELD", "asset");
    expectError(postWithAccounts("/accounts/" + a + "/deposits", "{\"asset\":\"BTC\",\"amount\":0,\"requestId\":\"d3\"}"),
        400, "INVALID_FIELD", "amount");
    expectError(postWithAccounts("/accounts/" + a + "/deposits", "{\"asset\":\"BTC\",\"amount\":5}"), 400, "INVALID_FIELD", "requestId");
    JsonNode after = body(postWithAccounts("/accounts/" + a + "/withdrawals", "{\"asset\":\"BTC\",\"amount\":500,\"requestId\":\"w2\"}")
        .assertStatusCode(200));
    assertEquals(0, after.get("balances").get(0).get("available").asLong());
    JsonNode read = body(accountsRoute.run(HttpRequest.GET("/accounts/" + a + "/balances")).assertStatusCode(200));
    assertEquals(0, read.get("balances").get(0).get("available").asLong());
    assertEquals(0, read.get("balances").get(0).get("held").asLong());
  }

  @Test
  void withAccountsOffBalancesDepositsAndWithdrawalsAreRefusedAndChangeNothing() {
    String deposit = "{\"asset\":\"USD\",\"amount\":100,\"requestId\":\"off-1\"}";
    expectError(post("/accounts/off/deposits", deposit), 404, "ACCOUNTS_OFF", "account");
    expectError(post("/accounts/off/withdrawals", deposit), 404, "ACCOUNTS_OFF", "account");
    expectError(route.run(HttpRequest.GET("/accounts/off/balances")), 404, "ACCOUNTS_OFF", "account");
  }

  /** A second node, with accounts on, for the routes that move funds (started by the first test that needs it). */
  private BookshardNode withAccounts;
  private TestRoute accountsRoute;

  private void accountsOn() throws Exception {
    if (withAccounts == null) {
      withAccounts = TestNodes.start(Backend.H2.freshJournal(Files.createTempDirectory("routes-accounts")),
          "bookshard.accounts.enabled = on\n");
      accountsRoute = testRoute(contract.recording(withAccounts.route()));
    }
  }

  private TestRouteResult postWithAccounts(String path, String json) {
    return accountsRoute.run(HttpRequest.POST(path).withEntity(ContentTypes.APPLICATION_JSON, json));
  }

  @AfterAll
  void stop() throws Exception {
    if (withAccounts != null) {
      withAccounts.close();
    }
    node.close();
  }

  @Override
  protected org.apache.pekko.actor.typed.ActorSystem<?> typedSystem() {
    return node.system();
  }

  private static String freshSymbol() {
    return "T" + symbols.incrementAndGet() + "-USD";
  }

  private TestRouteResult post(String path, String json) {
    return route.run(HttpRequest.POST(path).withEntity(ContentTypes.APPLICATION_JSON, json));
  }

  private static JsonNode body(TestRouteResult r) {
    try {
      return JSON.readTree(r.entityString());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + r.entityString(), e);
    }
  }

  private static JsonNode expectError(TestRouteResult r, int status, String error, String field) {
    r.assertStatusCode(status).assertMediaType("application/json");
    JsonNode b = body(r);
    assertEquals(error, b.path("error").asText(), b.toString());
    if (field != null) {
      assertEquals(field, b.path("field").asText(), b.toString());
    }
    assertFalse(b.path("message").asText().isEmpty());
    assertFalse(r.entityString().contains("at bookshard."), "no stack traces");
    return b;
  }

  private static String order(String account, String side, long price, long qty) {
    return String.format("{\"account\":\"%s\",\"side\":\"%s\",\"priceTicks\":%d,\"quantityLots\":%d}",
        account, side, price, qty);
  }

  @Test
  void crossingOrdersTradeWithMatchIdOneAndShowInBookAndTrades() {
    String s = freshSymbol();
    JsonNode sell = body(post("/books/" + s + "/orders", order("alice", "SELL", 100, 5)).assertStatusCode(201));
    assertEquals("RESTING", sell.get("status").asText());
    JsonNode buy = body(post("/books/" + s + "/orders", order("bob", "BUY", 101, 3)).assertStatusCode(201));
    assertEquals("FILLED", buy.get("status").asText());
    JsonNode fill = buy.get("fills").get(0);
    assertEquals(1, fill.get("matchId").asLong());
    assertEquals(100, fill.get("priceTicks").asLong());
    assertEquals(3, fill.get("quantityLots").asLong());
    assertEquals(sell.get("orderId").asLong(), fill.get("makerOrderId").asLong());

    JsonNode book = body(route.run(HttpRequest.GET("/books/" + s + "?depth=5")).assertStatusCode(200));
    assertEquals(1, book.get("lastMatchId").asLong());
    assertEquals(0, book.get("bids").size());
    assertEquals(100, book.get("asks").get(0).get("priceTicks").asLong());
    assertEquals(2, book.get("asks").get(0).get("quantityLots").asLong());

    JsonNode trades = body(route.run(HttpRequest.GET("/books/" + s + "/trades?afterMatchId=0")).assertStatusCode(200));
    assertEquals(1, trades.get("trades").size());
    assertEquals(1, trades.get("trades").get(0).get("matchId").asLong());
    assertEquals(1, trades.get("lastMatchId").asLong());
    JsonNode none = body(route.run(HttpRequest.GET("/books/" + s + "/trades?afterMatchId=1")).assertStatusCode(200));
    assertEquals(0, none.get("trades").size());

    JsonNode o = body(route.run(HttpRequest.GET("/books/" + s + "/orders/" + sell.get("orderId"))).assertStatusCode(200));
    assertEquals("PARTIALLY_FILLED_RESTING", o.get("status").asText());
    assertEquals(2, o.get("remainingLots").asLong());
    assertEquals(3, o.get("filledLots").asLong());
    // The taker filled at once and never rested: it still answers, as FILLED.
    JsonNode taker = body(route.run(HttpRequest.GET("/books/" + s + "/orders/" + fill.get("takerOrderId").asLong()))
        .assertStatusCode(200));
    assertEquals("FILLED", taker.get("status").asText());
    assertEquals(3, taker.get("filledLots").asLong());
    assertEquals(0, taker.get("remainingLots").asLong());
    assertFalse(taker.has("cancelReason"));
  }

  @Test
  void tradesOlderThanTheInMemoryWindowAreReadFromTheJournal() {
    String s = freshSymbol();
    for (int i = 0; i < 12; i++) {
      post("/books/" + s + "/orders", order("alice", "SELL", 100 + i, 2)).assertStatusCode(201);
    }
    JsonNode sweep = body(post("/books/" + s + "/orders", order("bob", "BUY", 200, 24)).assertStatusCode(201));
    assertEquals(12, sweep.get("fills").size());

    assertTradeIds(s, "afterMatchId=0&limit=100", 1, 12);
    assertTradeIds(s, "afterMatchId=3&limit=4", 4, 7);
    assertTradeIds(s, "afterMatchId=9", 10, 12);
    assertTradeIds(s, "afterMatchId=12", 1, 0);
    // Without afterMatchId: the latest trades (5 of them: 3 from memory's 4, and older from the journal).
    assertTradeIds(s, "limit=5", 8, 12);
    assertTradeIds(s, "limit=3", 10, 12);
    assertTradeIds(s, "limit=100", 1, 12);
    JsonNode older = body(route.run(HttpRequest.GET("/books/" + s + "/trades?afterMatchId=1&limit=1")));
    JsonNode trade = older.get("trades").get(0);
    assertEquals(101, trade.get("priceTicks").asLong());
    assertEquals(2, trade.get("quantityLots").asLong());
    assertEquals("BUY", trade.get("takerSide").asText());
    assertEquals(sweep.get("orderId").asLong(), trade.get("takerOrderId").asLong());
  }

  private void assertTradeIds(String symbol, String query, long first, long last) {
    JsonNode r = body(route.run(HttpRequest.GET("/books/" + symbol + "/trades?" + query)).assertStatusCode(200));
    assertEquals(12, r.get("lastMatchId").asLong(), query);
    JsonNode trades = r.get("trades");
    assertEquals(Math.max(0, last - first + 1), trades.size(), query + ": " + trades);
    for (int i = 0; i < trades.size(); i++) {
      assertEquals(first + i, trades.get(i).get("matchId").asLong(), query);
    }
  }

  /**
   * A read never starts a book: reads of symbols never written to are answered as an empty
   * book would answer them, and write nothing (no journal row, no remembered entity).
   */
  @Test
  void readsOfSymbolsWithoutABookCreateNothing() throws Exception {
    long rowsBefore = journalRows();
    for (int i = 0; i < 30; i++) {
      String s = "READ" + i + "-USD";
      JsonNode book = body(route.run(HttpRequest.GET("/books/" + s)).assertStatusCode(200));
      assertEquals(0, book.get("bids").size());
      assertEquals(0, book.get("asks").size());
      assertEquals(0, book.get("lastMatchId").asLong());
      assertEquals(0, book.get("sequenceNr").asLong());
      assertEquals(0, body(route.run(HttpRequest.GET("/books/" + s + "/trades")).assertStatusCode(200))
          .get("trades").size());
      assertEquals(0, body(route.run(HttpRequest.GET("/books/" + s + "/orders")).assertStatusCode(200))
          .get("bids").size());
      expectError(route.run(HttpRequest.GET("/books/" + s + "/orders/1")), 404, "UNKNOWN_ORDER", "orderId");
    }
    assertEquals(rowsBefore, journalRows(), "reads wrote nothing");

    JsonNode placed = body(post("/books/READ0-USD/orders", order("alice", "SELL", 100, 5)).assertStatusCode(201));
    assertEquals(1, placed.get("orderId").asLong());
    JsonNode book = body(route.run(HttpRequest.GET("/books/READ0-USD")).assertStatusCode(200));
    assertEquals(100, book.get("asks").get(0).get("priceTicks").asLong(), "a write starts the book; reads then see it");
  }

  private long journalRows() throws Exception {
    try (var c = Backend.connect(journal);
        var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM \"event_journal\"")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void cancelByClientOrderIdAndAccount() {
    String s = freshSymbol();
    String withId = "{\"account\":\"alice\",\"clientOrderId\":\"a-7\",\"side\":\"BUY\",\"priceTicks\":99,\"quantityLots\":4}";
    JsonNode placed = body(post("/books/" + s + "/orders", withId).assertStatusCode(201));
    expectError(route.run(HttpRequest.DELETE("/books/" + s + "/client-orders/a-7?account=bob")), 404,
        "UNKNOWN_ORDER", "orderId");
    expectError(route.run(HttpRequest.DELETE("/books/" + s + "/client-orders/a%207?account=alice")), 400,
        "INVALID_FIELD", "clientOrderId");
    JsonNode cancelled = body(route.run(HttpRequest.DELETE("/books/" + s + "/client-orders/a-7?account=alice"))
        .assertStatusCode(200));
    assertEquals("CANCELLED", cancelled.get("status").asText());
    assertEquals(placed.get("orderId").asLong(), cancelled.get("orderId").asLong());
    expectError(route.run(HttpRequest.DELETE("/books/" + s + "/client-orders/a-7?account=alice")), 404,
        "UNKNOWN_ORDER", "orderId");
    assertEquals(0, body(route.run(HttpRequest.GET("/books/" + s + "?depth=5"))).get("bids").size());
  }

  @Test
  void massCancelInOneBookAndInEveryConfiguredBook() {
    String s = freshSymbol();
    long a1 = body(post("/books/" + s + "/orders", order("alice", "BUY", 90, 5))).get("orderId").asLong();
    long bob = body(post("/books/" + s + "/orders", order("bob", "BUY", 91, 1))).get("orderId").asLong();
    long a2 = body(post("/books/" + s + "/orders", order("alice", "SELL", 110, 2))).get("orderId").asLong();
    JsonNode m = body(route.run(HttpRequest.DELETE("/books/" + s + "/orders?account=alice")).assertStatusCode(200));
    assertEquals(2, m.get("cancelled").asInt(), m.toString());
    assertEquals(java.util.List.of(a1, a2), java.util.stream.StreamSupport.stream(m.get("orderIds").spliterator(), false)
        .map(JsonNode::asLong).toList());
    JsonNode book = body(route.run(HttpRequest.GET("/books/" + s + "?depth=5")));
    assertEquals(1, book.get("bids").size());
    assertEquals(91, book.get("bids").get(0).get("priceTicks").asLong());
    assertEquals(0, book.get("asks").size());
    assertEquals(bob, body(route.run(HttpRequest.GET("/books/" + s + "/orders/" + bob))).get("orderId").asLong());
    assertEquals(0, body(route.run(HttpRequest.DELETE("/books/" + s + "/orders?account=alice")).assertStatusCode(200))
        .get("cancelled").asInt());
    expectError(route.run(HttpRequest.DELETE("/books/" + s + "/orders")), 400, "INVALID_FIELD", "account");

    String account = "mass" + symbols.incrementAndGet();
    long btc = body(post("/books/BTC-USD/orders", order(account, "BUY", 10, 1))).get("orderId").asLong();
    long eth = body(post("/books/ETH-USD/orders", order(account, "SELL", 999_999, 1))).get("orderId").asLong();
    long other = body(post("/books/BTC-USD/orders", order("carol", "BUY", 11, 1))).get("orderId").asLong();
    JsonNode all = body(route.run(HttpRequest.DELETE("/orders?account=" + account)).assertStatusCode(200));
    assertEquals(2, all.get("cancelled").asInt(), all.toString());
    assertEquals(3, all.get("books").size(), "every configured book answers");
    for (JsonNode b : all.get("books")) {
      long expected = b.get("symbol").asText().equals("BTC-USD") ? btc : b.get("symbol").asText().equals("ETH-USD") ? eth : -1;
      assertEquals(expected == -1 ? 0 : 1, b.get("cancelled").asInt(), b.toString());
      if (expected != -1) {
        assertEquals(expected, b.get("orderIds").get(0).asLong());
      }
    }
    JsonNode gone = body(route.run(HttpRequest.GET("/books/BTC-USD/orders/" + btc)).assertStatusCode(200));
    assertEquals("CANCELLED", gone.get("status").asText());
    assertEquals("USER", gone.get("cancelReason").asText());
    assertEquals(other, body(route.run(HttpRequest.GET("/books/BTC-USD/orders/" + other))).get("orderId").asLong());
    route.run(HttpRequest.DELETE("/books/BTC-USD/orders/" + other + "?account=carol")).assertStatusCode(200);
  }

  @Test
  void instrumentRulesArePublishedAndEnforcedWithTheFieldNamed() {
    JsonNode all = body(route.run(HttpRequest.GET("/instruments")).assertStatusCode(200)).get("instruments");
    assertEquals(3, all.size());
    JsonNode sol = all.get(2);
    assertEquals("SOL-USD", sol.get("symbol").asText());
    assertEquals(5, sol.get("tickSize").asLong());
    assertEquals(10, sol.get("lotSize").asLong());
    assertEquals(1, sol.get("minQuantity").asLong(), "unset keys come from rules-default");
    assertEquals(1000, sol.get("priceBandBps").asLong());
    assertEquals("SOL", sol.get("baseAsset").asText());
    assertEquals("USD", sol.get("quoteAsset").asText());
    assertEquals(1000, sol.get("basePerLot").asLong());
    assertEquals(1, sol.get("quotePerTickLot").asLong());
    assertEquals(0, sol.get("makerFeeBps").asLong());
    assertEquals(20, sol.get("takerFeeBps").asLong());
    assertEquals(1, all.get(0).get("tickSize").asLong());
    assertEquals(0, all.get(0).get("priceBandBps").asLong());
    String account = "rules" + symbols.incrementAndGet();
    expectError(post("/books/SOL-USD/orders", order(account, "BUY", 102, 10)), 400, "PRICE_NOT_ON_TICK", "priceTicks");
    expectError(post("/books/SOL-USD/orders", order(account, "BUY", 100, 7)), 400, "QUANTITY_NOT_ON_LOT", "quantityLots");
    long id = body(post("/books/SOL-USD/orders", order(account, "BUY", 100, 10)).assertStatusCode(201)).get("orderId").asLong();
    expectError(route.run(HttpRequest.PATCH("/books/SOL-USD/orders/" + id)
        .withEntity(ContentTypes.APPLICATION_JSON, "{\"account\":\"" + account + "\",\"priceTicks\":101,\"quantityLots\":10}")),
        400, "PRICE_NOT_ON_TICK", "priceTicks");
    JsonNode book = body(route.run(HttpRequest.GET("/books/SOL-USD?depth=50")));
    long restingAt100 = 0;
    for (JsonNode level : book.get("bids")) {
      restingAt100 += level.get("priceTicks").asLong() == 100 ? level.get("quantityLots").asLong() : 0;
    }
    assertEquals(10, restingAt100, "only the accepted order rests; rejects changed nothing");
    route.run(HttpRequest.DELETE("/books/SOL-USD/orders/" + id + "?account=" + account)).assertStatusCode(200);
  }

  @Test
  void anAccountPagesThroughItsOrderAndFillHistoryFromTheJournal() {
    String s = freshSymbol();
    long sell = body(post("/books/" + s + "/orders", order("hist", "SELL", 100, 5))).get("orderId").asLong(); // 1, 2
    post("/books/" + s + "/orders", order("other", "BUY", 100, 2));                                           // 3, 4
    long buy = body(post("/books/" + s + "/orders", order("hist", "BUY", 90, 1))).get("orderId").asLong();    // 5, 6
    route.run(HttpRequest.DELETE("/books/" + s + "/orders/" + sell + "?account=hist")).assertStatusCode(200); // 7
    java.util.List<String> all = new java.util.ArrayList<>();
    long after = 0;
    for (int page = 0; page < 10; page++) {
      JsonNode b = body(route.run(HttpRequest.GET("/books/" + s + "/accounts/hist/events?limit=2&afterPosition=" + after))
          .assertStatusCode(200));
      if (b.get("events").isEmpty()) {
        assertEquals(after, b.get("nextAfterPosition").asLong());
        break;
      }
      assertTrue(b.get("events").size() <= 2);
      for (JsonNode e : b.get("events")) {
        all.add(e.get("position").asLong() + ":" + e.get("event").asText() + ":" + e.get("orderId").asLong());
      }
      after = b.get("nextAfterPosition").asLong();
    }
    assertEquals(java.util.List.of("1:accepted:" + sell, "2:rested:" + sell, "4:execution:" + sell,
        "5:accepted:" + buy, "6:rested:" + buy, "7:cancelled:" + sell), all);
    JsonNode fill = body(route.run(HttpRequest.GET("/books/" + s + "/accounts/hist/events?afterPosition=3&limit=1")))
        .get("events").get(0);
    assertEquals("MAKER", fill.get("liquidity").asText());
    assertEquals(2, fill.get("quantityLots").asLong());
    expectError(route.run(HttpRequest.GET("/books/" + s + "/accounts/hist/events?limit=0")), 400, "INVALID_FIELD", "limit");
    route.run(HttpRequest.DELETE("/books/" + s + "/orders/" + buy + "?account=hist")).assertStatusCode(200);
  }

  @Test
  void cancelAndAmendFollowOwnership() {
    String s = freshSymbol();
    long id = body(post("/books/" + s + "/orders", order("alice", "BUY", 90, 5))).get("orderId").asLong();
    expectError(route.run(HttpRequest.DELETE("/books/" + s + "/orders/" + id + "?account=mallory")),
        403, "NOT_ORDER_OWNER", "account");
    expectError(route.run(HttpRequest.DELETE("/books/" + s + "/orders/" + id)), 400, "INVALID_FIELD", "account");
    JsonNode reduced = body(route.run(HttpRequest.PATCH("/books/" + s + "/orders/" + id)
        .withEntity(ContentTypes.APPLICATION_JSON, "{\"account\":\"alice\",\"quantityLots\":2}")).assertStatusCode(200));
    assertEquals(2, reduced.get("remainingLots").asLong());
    JsonNode cancelled = body(route.run(HttpRequest.DELETE("/books/" + s + "/orders/" + id + "?account=alice"))
        .assertStatusCode(200));
    assertEquals("CANCELLED", cancelled.get("status").asText());
    expectError(route.run(HttpRequest.DELETE("/books/" + s + "/orders/" + id + "?account=alice")),
        404, "UNKNOWN_ORDER", "orderId");
    // Off the book, the order still answers, with its final state.
    JsonNode finished = body(route.run(HttpRequest.GET("/books/" + s + "/orders/" + id)).assertStatusCode(200));
    assertEquals("CANCELLED", finished.get("status").asText());
    assertEquals(0, finished.get("remainingLots").asLong());
    assertEquals(2, finished.get("cancelledLots").asLong());
    assertEquals("USER", finished.get("cancelReason").asText());
    expectError(post("/books/" + s + "/orders/" + id + "/amend", "{\"account\":\"alice\",\"quantityLots\":1}"),
        404, "UNKNOWN_ORDER", "orderId");
  }

  @Test
  void clientOrderIdRetryIsIdempotent() {
    String s = freshSymbol();
    String first = "{\"account\":\"alice\",\"clientOrderId\":\"abc-1\",\"side\":\"SELL\",\"priceTicks\":100,\"quantityLots\":5}";
    JsonNode a = body(post("/books/" + s + "/orders", first).assertStatusCode(201));
    JsonNode b = body(post("/books/" + s + "/orders", first).assertStatusCode(200));
    assertEquals(a.get("orderId"), b.get("orderId"));
    assertTrue(b.get("duplicate").asBoolean());
    expectError(post("/books/" + s + "/orders", first.replace("100", "101")), 409, "DUPLICATE_CLIENT_ORDER_ID", "clientOrderId");
    JsonNode resting = body(route.run(HttpRequest.GET("/books/" + s + "/orders?account=alice")).assertStatusCode(200));
    assertEquals(1, resting.get("asks").size());
  }

  @Test
  void businessRejectionsChangeNothing() {
    String s = freshSymbol();
    post("/books/" + s + "/orders", order("alice", "SELL", 100, 5)).assertStatusCode(201);
    expectError(post("/books/" + s + "/orders",
        "{\"account\":\"bob\",\"side\":\"BUY\",\"timeInForce\":\"POST_ONLY\",\"priceTicks\":100,\"quantityLots\":1}"),
        422, "WOULD_TAKE_LIQUIDITY", null);
    expectError(post("/books/" + s + "/orders",
        "{\"account\":\"bob\",\"side\":\"BUY\",\"timeInForce\":\"FOK\",\"priceTicks\":100,\"quantityLots\":6}"),
        422, "FOK_NOT_FILLABLE", null);
    String marketBuy = "{\"account\":\"bob\",\"side\":\"BUY\",\"type\":\"MARKET\",\"timeInForce\":\"FOK\","
        + "\"quantityLots\":5,\"maxNotional\":";
    expectError(post("/books/" + s + "/orders", marketBuy + "499}"), 422, "MAX_NOTIONAL_EXCEEDED", "maxNotional");
    expectError(post("/books/" + s + "/orders",
        "{\"account\":\"bob\",\"side\":\"BUY\",\"priceTicks\":100,\"quantityLots\":1,\"maxNotional\":100}"),
        400, "INVALID_FIELD", "maxNotional");
    JsonNode book = body(route.run(HttpRequest.GET("/books/" + s)));
    assertEquals(5, book.get("asks").get(0).get("quantityLots").asLong());
    assertEquals(0, book.get("lastMatchId").asLong());
    // Exactly the cost (5 lots at 100): it fills, entirely.
    JsonNode filled = body(post("/books/" + s + "/orders", marketBuy + "500}").assertStatusCode(201));
    assertEquals("FILLED", filled.get("status").asText());
    assertEquals(5, filled.get("fills").get(0).get("quantityLots").asLong());
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(delimiter = '|', value = {
      "{not json                                                                  | 400 | body",
      "[]                                                                         | 400 | body",
      "{}                                                                         | 400 | account",
      "{\"account\":\"a\",\"priceTicks\":1,\"quantityLots\":1}                    | 400 | side",
      "{\"account\":\"a\",\"side\":\"HOLD\",\"priceTicks\":1,\"quantityLots\":1}  | 400 | side",
      "{\"account\":\"a\",\"side\":\"BUY\",\"type\":\"ICEBERG\",\"priceTicks\":1,\"quantityLots\":1} | 400 | type",
      "{\"account\":\"a\",\"side\":\"BUY\",\"timeInForce\":\"GTX\",\"priceTicks\":1,\"quantityLots\":1} | 400 | timeInForce",
      "{\"account\":\"a\",\"side\":\"BUY\",\"type\":\"STOP\",\"priceTicks\":1,\"stopPriceTicks\":5,\"quantityLots\":1} | 400 | priceTicks",
      "{\"account\":\"a\",\"side\":\"BUY\",\"type\":\"STOP\",\"quantityLots\":1} | 400 | stopPriceTicks",
      "{\"account\":\"a\",\"side\":\"BUY\",\"type\":\"STOP\",\"timeInForce\":\"GTC\",\"stopPriceTicks\":5,\"quantityLots\":1} | 400 | timeInForce",
      "{\"account\":\"a\",\"side\":\"BUY\",\"type\":\"STOP_LIMIT\",\"timeInForce\":\"FOK\",\"priceTicks\":4,\"stopPriceTicks\":5,\"quantityLots\":1} | 400 | timeInForce",
      "{\"account\":\"a\",\"side\":\"BUY\",\"type\":\"STOP_LIMIT\",\"stopPriceTicks\":0,\"priceTicks\":4,\"quantityLots\":1} | 400 | stopPriceTicks",
      "{\"account\":\"a\",\"side\":\"BUY\",\"priceTicks\":4,\"stopPriceTicks\":5,\"quantityLots\":1} | 400 | stopPriceTicks",
      "{\"account\":\"a\",\"side\":\"BUY\",\"timeInForce\":\"GTD\",\"priceTicks\":1,\"quantityLots\":1} | 400 | expireAtMillis",
      "{\"account\":\"a\",\"side\":\"BUY\",\"timeInForce\":\"GTD\",\"priceTicks\":1,\"expireAtMillis\":\"soon\",\"quantityLots\":1} | 400 | expireAtMillis",
      "{\"account\":\"a\",\"side\":\"BUY\",\"timeInForce\":\"GTC\",\"priceTicks\":1,\"expireAtMillis\":99999999999999,\"quantityLots\":1} | 400 | expireAtMillis",
      "{\"account\":\"a\",\"side\":\"BUY\",\"quantityLots\":1}                    | 400 | priceTicks",
      "{\"account\":\"a\",\"side\":\"BUY\",\"priceTicks\":-5,\"quantityLots\":1}  | 400 | priceTicks",
      "{\"account\":\"a\",\"side\":\"BUY\",\"priceTicks\":0,\"quantityLots\":1}   | 400 | priceTicks",
      "{\"account\":\"a\",\"side\":\"BUY\",\"priceTicks\":1.5,\"quantityLots\":1} | 400 | priceTicks",
      "{\"account\":\"a\",\"side\":\"BUY\",\"priceTicks\":\"10\",\"quantityLots\":1} | 400 | priceTicks",
      "{\"account\":\"a\",\"side\":\"BUY\",\"priceTicks\":99999999999999999999999,\"quantityLots\":1} | 400 | priceTicks",
      "{\"account\":\"a\",\"side\":\"BUY\",\"priceTicks\":1000000001,\"quantityLots\":1} | 400 | priceTicks",
      "{\"account\":\"a\",\"side\":\"BUY\",\"priceTicks\":10,\"quantityLots\":0}  | 400 | quantityLots",
      "{\"account\":\"a\",\"side\":\"BUY\",\"priceTicks\":10}                     | 400 | quantityLots",
      "{\"account\":\"a\",\"side\":\"BUY\",\"type\":\"MARKET\",\"priceTicks\":10,\"quantityLots\":1} | 400 | priceTicks",
      "{\"account\":\"a\",\"side\":\"BUY\",\"type\":\"MARKET\",\"timeInForce\":\"GTC\",\"quantityLots\":1} | 400 | timeInForce",
      "{\"account\":\"a\",\"side\":\"BUY\",\"price\":10,\"quantityLots\":1}       | 400 | price",
      "{\"account\":\"\",\"side\":\"BUY\",\"priceTicks\":10,\"quantityLots\":1}   | 400 | account",
      "{\"account\":5,\"side\":\"BUY\",\"priceTicks\":10,\"quantityLots\":1}     | 400 | account",
      "{\"account\":\"a\",\"clientOrderId\":\"no spaces\",\"side\":\"BUY\",\"priceTicks\":10,\"quantityLots\":1} | 400 | clientOrderId",
      "{\"account\":\"a\",\"account\":\"b\",\"side\":\"BUY\",\"priceTicks\":10,\"quantityLots\":1} | 400 | body",
      "{\"account\":\"a\",\"side\":\"BUY\",\"priceTicks\":10,\"quantityLots\":1} {} | 400 | body",
  })
  void badOrdersAre400NamingTheFieldAndChangeNothing(String json, int status, String field) {
    String s = freshSymbol();
    expectError(post("/books/" + s + "/orders", json), status, "INVALID_FIELD", field);
    JsonNode book = body(route.run(HttpRequest.GET("/books/" + s)).assertStatusCode(200));
    assertEquals(0, book.get("bids").size());
    assertEquals(0, book.get("asks").size());
    JsonNode next = body(post("/books/" + s + "/orders", order("a", "BUY", 10, 1)).assertStatusCode(201));
    assertEquals(1, next.get("orderId").asLong(), "no order id was used by the rejected request");
  }

  @Test
  void deepJsonIsRefused() {
    String deep = "{\"account\":" + "[".repeat(100) + "]".repeat(100) + "}";
    expectError(post("/books/" + freshSymbol() + "/orders", deep), 400, "INVALID_FIELD", "body");
  }

  @Test
  void transportLevelMistakesGetJsonErrors() {
    String s = freshSymbol();
    expectError(post("/books/" + s + "/orders", "{\"account\":\"" + "x".repeat(20_000) + "\"}"), 413, "BODY_TOO_LARGE", null);
    expectError(route.run(HttpRequest.POST("/books/" + s + "/orders")
        .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, order("a", "BUY", 1, 1)))),
        415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type");
    expectError(route.run(HttpRequest.GET("/books/btc-usd")), 400, "INVALID_FIELD", "symbol");
    expectError(route.run(HttpRequest.GET("/books/NO.SUCH")), 404, "UNKNOWN_SYMBOL", "symbol");
    expectError(route.run(HttpRequest.GET("/books/" + s + "/orders/abc")), 400, "INVALID_FIELD", "orderId");
    expectError(route.run(HttpRequest.GET("/books/" + s + "/orders/-1")), 400, "INVALID_FIELD", "orderId");
    expectError(route.run(HttpRequest.GET("/books/" + s + "?depth=0")), 400, "INVALID_FIELD", "depth");
    expectError(route.run(HttpRequest.GET("/books/" + s + "?depth=x")), 400, "INVALID_FIELD", "depth");
    expectError(route.run(HttpRequest.GET("/books/" + s + "/trades?limit=100000")), 400, "INVALID_FIELD", "limit");
    expectError(route.run(HttpRequest.GET("/nothing/here")), 404, "NOT_FOUND", null);
    expectError(route.run(HttpRequest.create("/books/" + s + "/orders").withMethod(HttpMethods.PUT)),
        405, "METHOD_NOT_ALLOWED", null);
  }

  @Test
  void readyOnceMemberUpAndShardingAnswers() throws Exception {
    JsonNode b = null;
    for (int i = 0; i < 100; i++) {
      TestRouteResult r = route.run(HttpRequest.GET("/ready"));
      b = body(r);
      if (r.statusCode() == 200) {
        break;
      }
      assertEquals(503, r.statusCode());
      assertEquals("NOT_READY", b.get("error").asText());
      Thread.sleep(100);
    }
    assertEquals("READY", b.get("status").asText());
  }

  @Test
  void healthIsUp() {
    JsonNode b = body(route.run(HttpRequest.GET("/health")).assertStatusCode(200));
    assertNotNull(b.get("status"));
    assertEquals("UP", b.get("status").asText());
  }
}
