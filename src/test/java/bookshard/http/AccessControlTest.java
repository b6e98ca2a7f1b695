package bookshard.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import bookshard.node.BookshardNode;
import bookshard.node.NodeSettings;
import bookshard.support.Backend;
import bookshard.support.TestNodes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.testkit.TestRoute;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** API keys: the key decides the account, and no account touches another's orders. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlTest extends JUnit5RouteTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALICE = "alice-secret-key";
  private static final String BOB = "bob-secret-key";
  private static final String OPS = "ops-admin-key";
  private static final String AUTH = "bookshard.auth.enabled = on\nbookshard.auth.admin-accounts = ops\n"
      + "bookshard.auth.keys = [{sha256 = \"" + ApiKeys.sha256(OPS) + "\", account = ops},"
      + " {sha256 = \"" + ApiKeys.sha256(ALICE) + "\", account = alice},"
      + " {sha256 = \"" + ApiKeys.sha256(BOB) + "\", account = bob}]\n"
      + "bookshard.auth.signing-keys = [{id = alice-1, account = alice, secret = \"" + "alice-hmac-secret-0123" + "\"}]\n";
  private static final String ALICE_SECRET = "alice-hmac-secret-0123";
  private BookshardNode node;
  private TestRoute route;

  @BeforeAll
  void start() throws Exception {
    node = TestNodes.start(Backend.H2.freshJournal(Files.createTempDirectory("auth")), AUTH);
    route = testRoute(contract.recording(node.route()));
  }

  private final OpenApiContract contract = new OpenApiContract();

  @AfterAll
  void responsesMatchTheOpenApiDocument() {
    contract.assertEveryResponseMatched();
  }

  @AfterAll
  void stop() throws Exception {
    node.close();
  }

  @Override
  protected org.apache.pekko.actor.typed.ActorSystem<?> typedSystem() {
    return node.system();
  }

  /** A request signed with {@code secret} as {@code keyId} at {@code at} (ms): over the node's real HTTP port. */
  private java.net.http.HttpResponse<String> signed(String method, String target, String body, String keyId,
      String secret, long at) throws Exception {
    String signature = ApiKeys.hmac(secret, at + "\n" + method + "\n" + target + "\n" + body);
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.baseUrl() + target))
        .header("X-API-Key-Id", keyId).header("X-API-Timestamp", Long.toString(at)).header("X-API-Signature", signature)
        .header("Content-Type", "application/json")
        .method(method, body.isEmpty() ? java.net.http.HttpRequest.BodyPublishers.noBody()
            : java.net.http.HttpRequest.BodyPublishers.ofString(body));
    return java.net.http.HttpClient.newHttpClient().send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  private static void expectHttp(java.net.http.HttpResponse<String> r, int status, String error, String field)
      throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    JsonNode b = JSON.readTree(r.body());
    assertEquals(error, b.get("error").asText(), r.body());
    assertEquals(field, b.get("field").asText(), r.body());
  }

  @Test
  void aSignedRequestActsForItsKeysAccountOnceWithinTheWindowAndNothingElseGetsThrough() throws Exception {
    long now = System.currentTimeMillis();
    String order = "{\"clientOrderId\":\"signed-1\",\"side\":\"BUY\",\"priceTicks\":70,\"quantityLots\":2}";
    var placed = signed("POST", "/books/SIGN-1/orders", order, "alice-1", ALICE_SECRET, now);
    assertEquals(201, placed.statusCode(), placed.body());
    // Read back with a signed GET (its query signed too): the order is alice's.
    var mine = signed("GET", "/books/SIGN-1/orders?account=alice", "", "alice-1", ALICE_SECRET, now + 1);
    assertEquals(200, mine.statusCode(), mine.body());
    assertTrue(mine.body().contains("signed-1"), mine.body());

    expectHttp(signed("POST", "/books/SIGN-1/orders", order, "alice-1", ALICE_SECRET, now), 401, "REPLAYED_REQUEST",
        "X-API-Signature");
    expectHttp(signed("POST", "/books/SIGN-1/orders", order, "alice-1", ALICE_SECRET, now - 60_000), 401,
        "STALE_REQUEST", "X-API-Timestamp");
    expectHttp(signed("POST", "/books/SIGN-1/orders", order, "alice-1", "not-alices-secret-at-all", now + 2), 401,
        "UNAUTHENTICATED", "X-API-Signature");
    expectHttp(signed("POST", "/books/SIGN-1/orders", order, "mallory-1", ALICE_SECRET, now + 3), 401,
        "UNAUTHENTICATED", "X-API-Key-Id");
    // A body changed on the way: the signature was for another one.
    String signature = ApiKeys.hmac(ALICE_SECRET, (now + 4) + "\nPOST\n/books/SIGN-1/orders\n" + order);
    var tampered = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(node.baseUrl() + "/books/SIGN-1/orders"))
        .header("X-API-Key-Id", "alice-1").header("X-API-Timestamp", Long.toString(now + 4))
        .header("X-API-Signature", signature).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(order.replace("\"quantityLots\":2", "\"quantityLots\":200")))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    expectHttp(tampered, 401, "UNAUTHENTICATED", "X-API-Signature");
    // None of the refused ones placed anything: alice has the one order.
    var after = signed("GET", "/books/SIGN-1/orders?account=alice", "", "alice-1", ALICE_SECRET, now + 5);
    assertEquals(1, JSON.readTree(after.body()).get("bids").size(), after.body());
  }

  /** One WebSocket message exchange: sends {@code json}, returns the next message with that requestId. */
  private JsonNode overWebSocket(String key, String json, String requestId) throws Exception {
    java.util.concurrent.BlockingQueue<JsonNode> got = new java.util.concurrent.LinkedBlockingQueue<>();
    var builder = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder();
    if (key != null) {
      builder.header("X-API-Key", key);
    }
    java.net.http.WebSocket ws = builder.buildAsync(java.net.URI.create(node.baseUrl().replace("http", "ws") + "/ws"),
        new java.net.http.WebSocket.Listener() {
          private final StringBuilder text = new StringBuilder();

          @Override
          public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              try {
                got.add(JSON.readTree(text.toString()));
              } catch (Exception e) {
                throw new AssertionError(e);
              }
              text.setLength(0);
            }
            w.request(1);
            return null;
          }
        }).get(10, java.util.concurrent.TimeUnit.SECONDS);
    try {
      ws.sendText(json, true).get(5, java.util.concurrent.TimeUnit.SECONDS);
      while (true) {
        JsonNode m = got.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertNotNull(m, "no answer to " + requestId);
        if (requestId.equals(m.path("requestId").asText())) {
          return m;
        }
      }
    } finally {
      ws.abort();
    }
  }

  @Test
  void aWebSocketWithoutAKeyReadsMarketDataButCannotTrade() throws Exception {
    assertEquals("subscribed", overWebSocket(null,
        "{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"BTC-USD\",\"requestId\":\"s\"}", "s")
        .get("type").asText());
    String order = "{\"op\":\"place\",\"requestId\":\"p\",\"symbol\":\"WSA-1\",\"order\":"
        + "{\"account\":\"alice\",\"side\":\"BUY\",\"priceTicks\":5,\"quantityLots\":1}}";
    JsonNode refused = overWebSocket(null, order, "p");
    assertEquals("UNAUTHENTICATED", refused.get("error").asText(), refused.toString());
    assertEquals(401, refused.get("status").asInt());
    JsonNode asBob = overWebSocket(BOB, order, "p");
    assertEquals("ACCOUNT_MISMATCH", asBob.get("error").asText(), asBob.toString());
    JsonNode asAlice = overWebSocket(ALICE, order, "p");
    assertEquals(201, asAlice.get("status").asInt(), asAlice.toString());
    assertEquals(1, asAlice.get("body").get("orderId").asLong());
    var unknownKey = assertThrows(java.util.concurrent.ExecutionException.class,
        () -> overWebSocket("not-a-key", "{\"op\":\"ping\",\"requestId\":\"x\"}", "x"));
    var handshake = assertInstanceOf(java.net.http.WebSocketHandshakeException.class, unknownKey.getCause());
    assertEquals(401, handshake.getResponse().statusCode(), "an unknown key is refused at the upgrade");
  }

  private static HttpRequest keyed(HttpRequest r, String key) {
    return key == null ? r : r.addHeader(RawHeader.create("X-API-Key", key));
  }

  private TestRouteResult post(String path, String json, String key) {
    return route.run(keyed(HttpRequest.POST(path).withEntity(ContentTypes.APPLICATION_JSON, json), key));
  }

  private static JsonNode body(TestRouteResult r) throws Exception {
    return JSON.readTree(r.entityString());
  }

  private static void expect(TestRouteResult r, int status, String error) throws Exception {
    r.assertStatusCode(status);
    assertEquals(error, body(r).get("error").asText(), r.entityString());
  }

  @Test
  void onlyAnAdminKeyMovesFundsAndBalancesAreReadByTheirOwnerOrAnAdmin() throws Exception {
    String deposit = "{\"asset\":\"USD\",\"amount\":250,\"requestId\":\"ac-1\"}";
    expect(post("/accounts/alice/deposits", deposit, null), 401, "UNAUTHENTICATED");
    expect(post("/accounts/alice/deposits", deposit, ALICE), 403, "ADMIN_ONLY");
    expect(post("/accounts/alice/withdrawals", deposit, ALICE), 403, "ADMIN_ONLY");
    // This node has accounts off: the admin passes the key check and learns there are no funds to move.
    expect(post("/accounts/alice/deposits", deposit, OPS), 404, "ACCOUNTS_OFF");
    expect(route.run(keyed(HttpRequest.GET("/accounts/alice/balances"), BOB)), 403, "ACCOUNT_MISMATCH");
    // The same routes in front of the ledgers, as a node with accounts on has them.
    NodeSettings settings = NodeSettings.from(ConfigFactory.parseString(AUTH).withFallback(node.system().settings().config()));
    TestRoute withLedgers = testRoute(new BookRoutes(node.books(), node.guards(), node.accounts(), node.marketData(),
        () -> CompletableFuture.completedFuture(Optional.empty()), settings.http(), settings.auth(), settings.feed().keepAlive(),
        new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT))
        .route());
    expect(withLedgers.run(keyed(HttpRequest.POST("/accounts/alice/deposits")
        .withEntity(ContentTypes.APPLICATION_JSON, deposit), ALICE)), 403, "ADMIN_ONLY");
    withLedgers.run(keyed(HttpRequest.POST("/accounts/alice/deposits").withEntity(ContentTypes.APPLICATION_JSON, deposit), OPS))
        .assertStatusCode(200);
    JsonNode own = body(withLedgers.run(keyed(HttpRequest.GET("/accounts/alice/balances"), ALICE)).assertStatusCode(200));
    assertEquals(250, own.get("balances").get(0).get("available").asLong());
    expect(withLedgers.run(keyed(HttpRequest.GET("/accounts/alice/balances"), BOB)), 403, "ACCOUNT_MISMATCH");
    withLedgers.run(keyed(HttpRequest.GET("/accounts/alice/balances"), OPS)).assertStatusCode(200);
  }

  @Test
  void anAccountsHistoryNeedsItsOwnKey() throws Exception {
    var r = route.run(HttpRequest.GET("/books/BTC-USD/accounts/alice/events"));
    assertEquals(401, r.status().intValue());
    r = route.run(keyed(HttpRequest.GET("/books/BTC-USD/accounts/alice/events"), BOB));
    assertEquals(403, r.status().intValue());
    assertEquals("ACCOUNT_MISMATCH", JSON.readTree(r.entityString()).get("error").asText());
    r = route.run(keyed(HttpRequest.GET("/books/BTC-USD/accounts/alice/events"), ALICE));
    assertEquals(200, r.status().intValue(), r.entityString());
  }

  @Test
  void theKeyDecidesTheAccountAndNoOneTouchesAnothersOrders() throws Exception {
    String book = "/books/AUTH-1";
    String order = "{\"side\":\"SELL\",\"priceTicks\":100,\"quantityLots\":5}";
    expect(post(book + "/orders", order, null), 401, "UNAUTHENTICATED");
    expect(post(book + "/orders", order, "wrong-key"), 401, "UNAUTHENTICATED");
    expect(post(book + "/orders", "{\"account\":\"bob\",\"side\":\"SELL\",\"priceTicks\":100,\"quantityLots\":5}", ALICE),
        403, "ACCOUNT_MISMATCH");

    long id = body(post(book + "/orders", order, ALICE).assertStatusCode(201)).get("orderId").asLong();
    JsonNode mine = body(route.run(keyed(HttpRequest.GET(book + "/orders/" + id), ALICE)).assertStatusCode(200));
    assertEquals("alice", mine.get("account").asText());

    expect(route.run(keyed(HttpRequest.GET(book + "/orders/" + id), BOB)), 404, "UNKNOWN_ORDER");
    expect(route.run(keyed(HttpRequest.DELETE(book + "/orders/" + id), BOB)), 403, "NOT_ORDER_OWNER");
    expect(route.run(keyed(HttpRequest.DELETE(book + "/orders/" + id + "?account=alice"), BOB)), 403, "ACCOUNT_MISMATCH");
    expect(post(book + "/orders/" + id + "/amend", "{\"quantityLots\":1}", BOB), 403, "NOT_ORDER_OWNER");
    expect(route.run(keyed(HttpRequest.DELETE(book + "/orders/" + id), null)), 401, "UNAUTHENTICATED");

    JsonNode bobsView = body(route.run(keyed(HttpRequest.GET(book + "/orders"), BOB)).assertStatusCode(200));
    assertEquals(0, bobsView.get("asks").size(), "bob sees only his own orders");
    expect(route.run(HttpRequest.GET(book + "/orders")), 401, "UNAUTHENTICATED");

    JsonNode depth = body(route.run(HttpRequest.GET(book)).assertStatusCode(200));
    assertEquals(5, depth.get("asks").get(0).get("quantityLots").asLong(), "nothing bob tried changed alice's order");

    JsonNode cancelled = body(route.run(keyed(HttpRequest.DELETE(book + "/orders/" + id), ALICE)).assertStatusCode(200));
    assertEquals("CANCELLED", cancelled.get("status").asText());
  }

  @Test
  void readsCanRequireAKeyToo() throws Exception {
    NodeSettings settings = NodeSettings.from(
        ConfigFactory.parseString(AUTH + "bookshard.auth.public-reads = off").withFallback(node.system().settings().config()));
    var closed = new BookRoutes(node.books(), node.guards(), node.accounts(), node.marketData(), () -> CompletableFuture.completedFuture(Optional.empty()),
        settings.http(), settings.auth(), settings.feed().keepAlive(),
        new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT));
    TestRoute closedRoute = testRoute(closed.route());
    expect(closedRoute.run(HttpRequest.GET("/books/AUTH-2")), 401, "UNAUTHENTICATED");
    expect(closedRoute.run(HttpRequest.GET("/books/AUTH-2/trades")), 401, "UNAUTHENTICATED");
    expect(closedRoute.run(HttpRequest.GET("/books/AUTH-2/trades/stream")), 401, "UNAUTHENTICATED");
    expect(closedRoute.run(HttpRequest.GET("/books/AUTH-2/depth/stream")), 401, "UNAUTHENTICATED");
    closedRoute.run(keyed(HttpRequest.GET("/books/AUTH-2"), BOB)).assertStatusCode(200);
    route.run(HttpRequest.GET("/books/AUTH-2")).assertStatusCode(200);
  }
}
