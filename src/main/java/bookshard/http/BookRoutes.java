package bookshard.http;

import bookshard.protocol.AccountRequest;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.RejectReason;
import bookshard.feed.MarketData;
import bookshard.protocol.AccountReply;
import bookshard.protocol.Accounts;
import bookshard.protocol.BookReply;
import bookshard.protocol.BookRequest;
import bookshard.protocol.Books;
import bookshard.protocol.Guards;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import bookshard.async.OnCompletingThread;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API. Every response body is JSON, errors included; no stack trace ever leaves. */
public final class BookRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(BookRoutes.class);

  private final Guards guards;
  private final Accounts accounts;
  private final java.util.Set<String> adminAccounts;
  private final PrometheusMeterRegistry metrics;
  private final Map<Integer, Counter> responses = new ConcurrentHashMap<>();
  private final Books books;
  private final MarketData marketData;
  private final Duration keepAlive;
  private final ApiKeys keys;
  private final Supplier<CompletionStage<Optional<String>>> readiness;
  private final long maxBodyBytes;
  private final int maxDepth;
  private final int maxTradesLimit;
  private final int maxOrdersLimit;

  /**
   * {@code readiness} answers empty when the node is ready, else why not; {@code accounts} null:
   * accounts are off, and their routes answer 404 {@code ACCOUNTS_OFF}.
   */
  public BookRoutes(Books books, Guards guards, Accounts accounts, MarketData marketData,
      Supplier<CompletionStage<Optional<String>>> readiness, HttpSettings http, AuthSettings auth, Duration keepAlive,
      PrometheusMeterRegistry metrics) {
    this.metrics = metrics;
    this.accounts = accounts;
    this.adminAccounts = auth.adminAccounts();
    this.books = books;
    this.guards = guards;
    this.marketData = marketData;
    this.keepAlive = keepAlive;
    this.readiness = readiness;
    this.keys = new ApiKeys(auth);
    this.maxBodyBytes = http.maxBodyBytes();
    this.maxDepth = http.maxDepth();
    this.maxTradesLimit = http.maxTradesLimit();
    this.maxOrdersLimit = http.maxOrdersLimit();
  }

  /** Every response counted by status (429 and 503 say the engine is refusing or unavailable). */
  private HttpResponse counted(HttpResponse r) {
    responses.computeIfAbsent(r.status().intValue(), status -> Counter.builder("bookshard.http.responses")
        .tag("status", Integer.toString(status)).register(metrics)).increment();
    return r;
  }

  private static final java.util.regex.Pattern REQUEST_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  /**
   * The API as the listener calls it: {@link #route()}, with the client's {@code X-Request-Id}
   * (if it is 1-64 safe characters) or a new one sent back on every response and put in the MDC
   * ("requestId") of what is logged while the route runs, so a client can quote it and an
   * operator find its lines; every response counted by status (429 and 503 say the engine is
   * refusing or unavailable). Done here, around the route and not as directives in it, because
   * each directive layer costs every order a future transformation and a dispatch.
   */
  public Function<HttpRequest, CompletionStage<HttpResponse>> handler(ClassicActorSystemProvider system) {
    var routed = route().handler(system);
    return request -> {
      long started = System.nanoTime();
      String id = request.getHeader("X-Request-Id").map(HttpHeader::value)
          .filter(v -> REQUEST_ID.matcher(v).matches())
          .orElseGet(() -> Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()));
      CompletionStage<HttpResponse> answer;
      org.slf4j.MDC.put("requestId", id);
      try {
        CompletionStage<HttpResponse> placed = placement(request);
        answer = placed != null ? placed : routed.apply(request);
      } catch (Exception e) {
        answer = CompletableFuture.completedFuture(failure(e));
      } finally {
        org.slf4j.MDC.remove("requestId");
      }
      return OnCompletingThread.of(answer).thenApply(r -> {
        if (r.status().intValue() == 500) {
          org.slf4j.MDC.put("requestId", id);
          log.error("request {} answered 500", id);
          org.slf4j.MDC.remove("requestId");
        }
        long nanos = System.nanoTime() - started;
        String route = routeOf(request);
        timers.computeIfAbsent(route, t -> Timer.builder("bookshard.http.requests")
            .description("HTTP requests by route, from arrival to the response (a WebSocket: to the upgrade)")
            .tag("route", t).publishPercentileHistogram().register(metrics)).record(nanos, TimeUnit.NANOSECONDS);
        if (accessLog.isInfoEnabled()) {
          accessLog.info("{} {} {} {} µs {}", request.method().value(), request.getUri().path(), r.status().intValue(),
              nanos / 1000, id);
        }
        return counted(r).addHeader(RawHeader.create("X-Request-Id", id));
      });
    };
  }

  /** The access log: one line per request at INFO, off unless its logger is turned to INFO (conf/logback.xml). */
  private static final org.slf4j.Logger accessLog = org.slf4j.LoggerFactory.getLogger("bookshard.access");

  private final Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A request's route as its template ({@code POST /books/{symbol}/orders/{orderId}/amend}): the
   * latency histogram's tag, one per route however many symbols and orders there are.
   */
  static String routeOf(HttpRequest request) {
    String[] p = request.getUri().path().split("/", -1);
    int n = p.length;
    String route = "other";
    if (n >= 3 && p[1].equals("books") && !p[2].isEmpty()) {
      String rest = n == 3 ? ""
          : n == 4 && (p[3].equals("orders") || p[3].equals("trades")) ? "/" + p[3]
          : n == 5 && p[3].equals("orders") ? "/orders/{orderId}"
          : n == 6 && p[3].equals("orders") && p[5].equals("amend") ? "/orders/{orderId}/amend"
          : n == 5 && (p[3].equals("trades") || p[3].equals("depth")) && p[4].equals("stream") ? "/" + p[3] + "/stream"
          : n == 6 && p[3].equals("accounts") && p[5].equals("events") ? "/accounts/{account}/events"
          : n == 5 && p[3].equals("client-orders") ? "/client-orders/{clientOrderId}"
          : null;
      route = rest == null ? "other" : "/books/{symbol}" + rest;
    } else if (n == 4 && p[1].equals("accounts") && ACCOUNT_ROUTES.contains(p[3])) {
      route = "/accounts/{account}/" + p[3];
    } else if (n == 2 && TOP_ROUTES.contains(p[1])) {
      route = "/" + p[1];
    } else if (n >= 3 && (p[1].equals("ui") || p[1].equals("docs"))) {
      route = "/" + p[1] + "/*";
    }
    return request.method().value() + " " + route;
  }

  private static final java.util.Set<String> ACCOUNT_ROUTES = java.util.Set.of("balances", "deposits", "withdrawals",
      "cancel-all-after");
  private static final java.util.Set<String> TOP_ROUTES = java.util.Set.of("", "books", "orders", "health", "metrics",
      "ready", "instruments", "ws", "openapi.yaml", "docs", "ui");


  /**
   * The API, built once: the Java DSL calls each directive's inner supplier per request, so what
   * does not depend on the request (the handlers, the tree of paths, each book's routes) is
   * built here and not on every order.
   */
  public Route route() {
    ExceptionHandler exceptions = exceptions();
    RejectionHandler rejections = rejections();
    Route endpoints = endpoints();
    return handleExceptions(exceptions, () -> handleRejections(rejections, () -> endpoints));
  }

  private Route endpoints() {
    return concat(
        // First: order entry lives here, and every alternative tried before it costs each order.
        pathPrefix("books", () -> pathPrefix(segment(), raw -> routesOf(bookOf(raw)))),
        path("health", () -> get(() -> complete(Json.ok(Json.object().put("status", "UP"))))),
        // Prometheus' text format, public like the health checks (no account in any tag).
        path("metrics", () -> get(() -> complete(HttpResponse.create()
            .withEntity(ContentTypes.TEXT_PLAIN_UTF8, metrics.scrape())))),
        path("ready", () -> get(() -> completeWithFuture(readiness.get()
            .exceptionally(t -> Optional.of(String.valueOf(t.getMessage())))
            .thenApply(notReady -> notReady.isEmpty()
                ? Json.ok(Json.object().put("status", "READY"))
                : Json.error(new ApiError(503, "NOT_READY", null, notReady.get())))))),
        // The live book page: static files from the jar, no build step at run time.
        pathSingleSlash(() -> get(() -> getFromResource("web/index.html"))),
        pathPrefix("ui", () -> get(() -> getFromResourceDirectory("web"))),
        path("books", () -> get(() -> complete(Json.ok(symbolList())))),
        // The API contract (hand-maintained, checked against real responses by the route tests)
        // and Swagger UI (a webjar) to read and try it.
        path("openapi.yaml", () -> get(() -> getFromResource("openapi.yaml", ApiDocs.YAML))),
        pathPrefix("docs", () -> get(() -> concat(
            pathEndOrSingleSlash(() -> getFromResource("web/docs.html")),
            // The webjar's own index.html and initializer show Swagger's Petstore demo: ours instead.
            path("index.html", () -> getFromResource("web/docs.html")),
            path("swagger-initializer.js", () -> complete(org.apache.pekko.http.javadsl.model.HttpResponse.create()
                .withEntity(org.apache.pekko.http.javadsl.model.ContentTypes.create(
                    org.apache.pekko.http.javadsl.model.MediaTypes.APPLICATION_JAVASCRIPT,
                    org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8),
                    "window.onload = () => { window.ui = SwaggerUIBundle({url: \"/openapi.yaml\", dom_id: \"#swagger-ui\"}); };"))),
            getFromResourceDirectory(ApiDocs.SWAGGER_UI)))),
        path("instruments", () -> get(() -> complete(Json.ok(Views.instruments(books))))),
        path("ws", () -> get(() -> webSocketCaller(c -> extractMaterializer(mat ->
            handleWebSocketMessages(WebSocketSession.flow(books, guards, marketData, mat, c, keys.enabled(), keepAlive,
                accounts != null)))))),
        path(segment("accounts").slash(segment()).slash("balances"), raw -> get(() -> caller(c -> {
          String account = Requests.account(raw);
          if (c.isPresent() && !c.get().equals(account) && !adminAccounts.contains(c.get())) {
            throw new ApiError(403, "ACCOUNT_MISMATCH", "account", "the API key acts for another account");
          }
          return completeWithFuture(ledgers().send(account, new AccountRequest.GetBalances())
              .thenApply(r -> Json.ok(Views.balances(account, r))).exceptionally(BookRoutes::failure));
        }))),
        path(segment("accounts").slash(segment()).slash("deposits"), raw -> post(() -> admin(() -> jsonBody(body -> {
          String account = Requests.account(raw);
          Requests.Movement m = Requests.movement(body, assets());
          return movement(account, new AccountRequest.Deposit(m.asset(), m.amount(), m.requestId()));
        })))),
        path(segment("accounts").slash(segment()).slash("withdrawals"), raw -> post(() -> admin(() -> jsonBody(body -> {
          String account = Requests.account(raw);
          Requests.Movement m = Requests.movement(body, assets());
          return movement(account, new AccountRequest.Withdraw(m.asset(), m.amount(), m.requestId()));
        })))),
        path(segment("accounts").slash(segment()).slash("cancel-all-after"), raw -> post(() -> caller(c -> jsonBody(body -> {
          String account = Requests.account(raw, c.orElse(null));
          long timeout = Requests.cancelAfter(body);
          return completeWithFuture(guards.arm(account, timeout)
              .thenApply(g -> Json.ok(Json.object().put("account", g.account()).put("armed", g.deadlineMillis() > 0)
                  .put("deadlineMillis", g.deadlineMillis()).put("currentTimeMillis", g.currentTimeMillis())))
              .exceptionally(BookRoutes::failure));
        })))),
        path("orders", () -> delete(() -> caller(c -> parameterOptional("account", a ->
            massCancelEverywhere(Requests.account(a.orElse(null), c.orElse(null))))))));
  }

  /** The symbol of a path segment, if it names a book (else 400 or 404). */
  private String bookOf(String raw) {
    String symbol = Requests.symbol(raw);
    if (!books.exists(symbol)) {
      throw new ApiError(404, RejectReason.UNKNOWN_SYMBOL.name(), "symbol", "no book for " + symbol);
    }
    return symbol;
  }

  private static final int MAX_CACHED_BOOK_ROUTES = 10_000;
  private final Map<String, Route> bookRoutes = new ConcurrentHashMap<>();

  private Route routesOf(String symbol) {
    Route cached = bookRoutes.get(symbol);
    if (cached != null) {
      return cached;
    }
    Route built = bookRoutes(symbol);
    if (bookRoutes.size() < MAX_CACHED_BOOK_ROUTES) {
      bookRoutes.putIfAbsent(symbol, built);
    }
    return built;
  }

  /**
   * A mass cancel in every configured book, fanned out to all of them at once. Each book answers
   * on its own; a book that did not (timeout, overload) is listed with its error and the answer is
   * 503, so the client retries (a repeated mass cancel cancels only what is left).
   */
  private Route massCancelEverywhere(String account) {
    List<CompletableFuture<ObjectNode>> perBook = new ArrayList<>();
    for (var answer : books.cancelAllEverywhere(account).entrySet()) {
      String symbol = answer.getKey();
      perBook.add(answer.getValue()
          .thenApply(reply -> reply instanceof BookReply.MassCancelled m ? Views.massCancel(symbol, m)
              : Json.object().put("symbol", symbol).put("error", reply instanceof BookReply.Overloaded
                  ? "OVERLOADED" : String.valueOf(reply)))
          .exceptionally(t -> Json.object().put("symbol", symbol).put("error", "UNAVAILABLE")));
    }
    return completeWithFuture(CompletableFuture.allOf(perBook.toArray(CompletableFuture[]::new)).thenApply(done -> {
      ObjectNode body = Json.object().put("account", account);
      var list = body.putArray("books");
      long cancelled = 0;
      boolean failed = false;
      for (CompletableFuture<ObjectNode> f : perBook) {
        ObjectNode n = f.join();
        list.add(n);
        failed |= n.has("error");
        cancelled += n.path("cancelled").asLong(0);
      }
      body.put("cancelled", cancelled);
      return Json.response(failed ? 503 : 200, body);
    }));
  }


  private ObjectNode symbolList() {
    ObjectNode n = Json.object();
    books.symbols().forEach(n.putArray("symbols")::add);
    return n;
  }

  /**
   * The account of the request's API key (empty when auth is off). Refuses the request with 401
   * when auth is on and the key is missing or unknown.
   */
  private Route caller(Function<Optional<String>, Route> inner) {
    if (!keys.enabled()) {
      return inner.apply(Optional.empty());
    }
    return extractRequest(request -> request.getHeader(ApiKeys.SIGNATURE).isPresent()
        ? extractStrictEntity(scala.concurrent.duration.FiniteDuration.apply(5, java.util.concurrent.TimeUnit.SECONDS), entity ->
            inner.apply(callerOf(request, entity.getData().utf8String())))
        : inner.apply(callerOf(request, null)));
  }

  /**
   * The account of the request's API key or signature (empty when auth is off); 401 when auth is
   * on and neither is there or either is wrong. {@code body}: the request's, for a signature.
   */
  private Optional<String> callerOf(HttpRequest request, String body) {
    if (!keys.enabled()) {
      return Optional.empty();
    }
    Optional<String> signature = request.getHeader(ApiKeys.SIGNATURE).map(HttpHeader::value);
    if (signature.isPresent()) {
      String target = request.getUri().path() + request.getUri().rawQueryString().map(q -> "?" + q).orElse("");
      return Optional.of(keys.signedBy(request.getHeader(ApiKeys.KEY_ID).map(HttpHeader::value).orElse(null),
          request.getHeader(ApiKeys.TIMESTAMP).map(HttpHeader::value).orElse(null), signature.get(),
          request.method().value(), target, body, System.currentTimeMillis()));
    }
    Optional<String> key = request.getHeader(ApiKeys.KEY).map(HttpHeader::value);
    Optional<String> account = key.flatMap(keys::account);
    if (account.isEmpty()) {
      throw new ApiError(401, "UNAUTHENTICATED", "X-API-Key",
          key.isEmpty() ? "send an API key in the X-API-Key header" : "unknown API key");
    }
    return account;
  }

  /** Deposits and withdrawals: an admin key's, when keys are on. */
  private Route admin(Supplier<Route> inner) {
    return caller(c -> {
      if (c.isPresent() && !adminAccounts.contains(c.get())) {
        throw new ApiError(403, "ADMIN_ONLY", "X-API-Key", "deposits and withdrawals need an admin key");
      }
      return inner.get();
    });
  }

  /** The accounts' ledgers; with accounts off, a balance or movement would mislead: nothing checks funds. */
  private Accounts ledgers() {
    if (accounts == null) {
      throw ApiError.accountsOff();
    }
    return accounts;
  }

  /** The assets of the configured symbols (BTC-USD: BTC and USD). */
  private java.util.Set<String> assets() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (String s : books.symbols()) {
      out.addAll(java.util.Arrays.asList(s.split("-")));
    }
    return out;
  }

  private Route movement(String account, AccountRequest.Movement command) {
    return completeWithFuture(ledgers().send(account, command).thenApply(r -> r instanceof AccountReply.Refused x
        ? Json.error(new ApiError(422, x.reason(), "amount", "the available balance is lower than the amount"))
        : Json.ok(Views.balances(account, r))).exceptionally(BookRoutes::failure));
  }

  /**
   * A browser cannot set headers on a WebSocket: with public reads on, a connection without a
   * key is allowed for market data only (its order entry is refused with 401 per message).
   */
  private Route webSocketCaller(Function<Optional<String>, Route> inner) {
    if (!keys.enabled()) {
      return inner.apply(Optional.empty());
    }
    return extractRequest(request -> request.getHeader(ApiKeys.KEY).isEmpty()
        && request.getHeader(ApiKeys.SIGNATURE).isEmpty() && keys.publicReads()
        ? inner.apply(Optional.empty()) : caller(inner));
  }

  private Route publicRead(Supplier<Route> inner) {
    return keys.publicReads() ? inner.get() : caller(c -> inner.get());
  }

  private Route bookRoutes(String symbol) {
    return concat(
        pathEnd(() -> get(() -> publicRead(() -> parameterOptional("depth", d -> {
          int depth = (int) Requests.longParam(d, "depth", 10, 1, maxDepth);
          return read(symbol, new BookRequest.GetBook(depth),
              reply -> Json.ok(Views.book(symbol, (BookReply.Book) reply)));
        })))),
        path(segment("trades").slash("stream"), () -> get(() -> publicRead(() -> tradeStream(symbol)))),
        path(segment("depth").slash("stream"), () -> get(() -> publicRead(() -> stream(
            marketData.depth(symbol).map(m -> Views.depthEvent(symbol, m)))))),
        path("trades", () -> get(() -> publicRead(() -> parameterOptional("afterMatchId", a -> parameterOptional("limit", l -> {
          // Without afterMatchId: the latest trades, as a client looking at a tape expects.
          long after = a.isEmpty() ? BookRequest.LATEST : Requests.longParam(a, "afterMatchId", 0, 0, Long.MAX_VALUE - 1);
          int limit = (int) Requests.longParam(l, "limit", 100, 1, maxTradesLimit);
          return completeWithFuture(books.read(symbol, new BookRequest.GetTrades(after, limit))
              .thenCompose(reply -> trades(symbol, after, limit, reply))
              .exceptionally(BookRoutes::failure));
        }))))),
        path(segment("accounts").slash(segment()).slash("events"), rawAccount -> get(() -> caller(c ->
            parameterOptional("afterPosition", a -> parameterOptional("limit", l -> {
              String account = Requests.account(rawAccount, c.orElse(null));
              long after = Requests.longParam(a, "afterPosition", 0, 0, Long.MAX_VALUE - 1);
              int limit = (int) Requests.longParam(l, "limit", 100, 1, maxTradesLimit);
              return completeWithFuture(marketData.accountHistory(symbol, account, after, limit).thenApply(events -> {
                ObjectNode body = Json.object().put("symbol", symbol).put("account", account);
                var list = body.putArray("events");
                events.forEach(e -> list.add(Views.accountEvent(symbol, account, e)));
                body.put("nextAfterPosition", events.isEmpty() ? after : events.get(events.size() - 1).position());
                return Json.ok(body);
              }).exceptionally(BookRoutes::failure));
            }))))),
        path(segment("client-orders").slash(segment()), raw -> {
          String clientOrderId = Requests.clientOrderId(raw);
          return delete(() -> caller(c -> parameterOptional("account", a -> {
            String account = Requests.account(a.orElse(null), c.orElse(null));
            return send(symbol, new BookRequest.CancelByClientOrderId(account, clientOrderId),
                reply -> accepted(symbol, reply, 200));
          })));
        }),
        pathPrefix("orders", () -> concat(
            pathEnd(() -> concat(
                post(() -> caller(c -> jsonBody(body -> completeWithFuture(placeOrder(symbol, c, body))))),
                delete(() -> caller(c -> parameterOptional("account", a -> {
                  String account = Requests.account(a.orElse(null), c.orElse(null));
                  return send(symbol, new BookRequest.CancelAll(account),
                      reply -> Json.ok(Views.massCancel(symbol, (BookReply.MassCancelled) reply)));
                }))),
                get(() -> caller(c -> parameterOptional("account", a -> parameterOptional("limit", l -> {
                  String account = c.isPresent() ? Requests.account(a.orElse(null), c.get())
                      : a.isPresent() ? Requests.account(a.get()) : null;
                  int limit = (int) Requests.longParam(l, "limit", maxOrdersLimit, 1, maxOrdersLimit);
                  return read(symbol, new BookRequest.GetRestingOrders(account, limit),
                      reply -> Json.ok(Views.resting(symbol, (BookReply.RestingOrders) reply)));
                })))))),
            pathPrefix(segment(), rawId -> {
              long orderId = Requests.orderId(rawId);
              return caller(c -> concat(
                  pathEnd(() -> concat(
                      get(() -> read(symbol, new BookRequest.GetOrder(orderId), reply -> {
                        var order = reply instanceof BookReply.FinishedOrder f ? f.finished().order()
                            : ((BookReply.Order) reply).order();
                        if (c.isPresent() && !c.get().equals(order.account())) {
                          // Another account's order is not acknowledged to exist.
                          return Json.error(ApiError.rejection(RejectReason.UNKNOWN_ORDER));
                        }
                        return Json.ok(reply instanceof BookReply.FinishedOrder f ? Views.finished(symbol, f.finished())
                            : Views.order(symbol, order));
                      })),
                      delete(() -> parameterOptional("account", a -> {
                        String account = Requests.account(a.orElse(null), c.orElse(null));
                        return send(symbol, new BookRequest.Cancel(orderId, account),
                            reply -> accepted(symbol, reply, 200));
                      })),
                      patch(() -> amend(symbol, orderId, c)))),
                  path("amend", () -> post(() -> amend(symbol, orderId, c)))));
            }))));
  }

  /**
   * Trades after the client's last one: {@code Last-Event-ID} (sent by a reconnecting
   * EventSource) wins over {@code afterMatchId} (the original URL's); neither means from now on.
   */
  private Route tradeStream(String symbol) {
    return optionalHeaderValueByName("Last-Event-ID", lastId -> parameterOptional("afterMatchId", a -> {
      OptionalLong after = lastId.isPresent()
          ? OptionalLong.of(Requests.longParam(lastId, "Last-Event-ID", 0, 0, Long.MAX_VALUE - 1))
          : a.isPresent() ? OptionalLong.of(Requests.longParam(a, "afterMatchId", 0, 0, Long.MAX_VALUE - 1))
          : OptionalLong.empty();
      return stream(marketData.trades(symbol, after).map(t -> Views.tradeEvent(symbol, t)));
    }));
  }

  private Route stream(Source<ServerSentEvent, NotUsed> events) {
    return completeOK(events.keepAlive(keepAlive, ServerSentEvent::heartbeat), EventStreamMarshalling.toEventStream());
  }

  private Route amend(String symbol, long orderId, Optional<String> caller) {
    return jsonBody(body -> {
      var a = Requests.amend(body, caller.orElse(null));
      return send(symbol, new BookRequest.Amend(orderId, a.account(), a.priceTicks(), a.quantityLots()),
          reply -> accepted(symbol, reply, 200));
    });
  }

  private static HttpResponse accepted(String symbol, BookReply reply, int status) {
    BookReply.Accepted a = (BookReply.Accepted) reply;
    return Json.response(a.duplicate() ? 200 : status, Views.outcome(symbol, a.outcome(), a.duplicate()));
  }

  /** Reads a JSON body of bounded size; anything else is refused before it is parsed. */
  private Route jsonBody(Function<String, Route> inner) {
    return extractRequestEntity(entity -> {
      if (!entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
        throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type", "send application/json");
      }
      return withSizeLimit(maxBodyBytes, () -> entity(Unmarshaller.entityToString(), inner));
    });
  }

  private CompletionStage<HttpResponse> trades(String symbol, long after, int limit, BookReply reply) {
    if (!(reply instanceof BookReply.Trades t)) {
      return CompletableFuture.completedFuture(response(reply, r -> {
        throw new IllegalStateException("unexpected reply " + r);
      }));
    }
    long from = after == BookRequest.LATEST ? Math.max(0, t.lastMatchId() - limit) : after;
    // The book holds its latest trades; older ones are read from the journal.
    CompletionStage<List<TradeExecuted>> trades = t.oldestMatchId() > from + 1 && t.lastMatchId() > from
        ? marketData.tradesAfter(symbol, from, t.lastMatchId(), limit)
        : CompletableFuture.completedFuture(t.trades());
    return trades.thenApply(list -> Json.ok(Views.trades(symbol, list, t.lastMatchId())));
  }

  /** A change to a book, answered with {@code onOk} or the error its reply stands for. */
  private Route send(String symbol, BookRequest.Write command, Function<BookReply, HttpResponse> onOk) {
    return completeWithFuture(answer(books.send(symbol, command), onOk));
  }

  /** A read of a book (a book never written to answers as an empty one). */
  private Route read(String symbol, BookRequest.Read query, Function<BookReply, HttpResponse> onOk) {
    return completeWithFuture(answer(books.read(symbol, query), onOk));
  }

  private static CompletionStage<HttpResponse> answer(CompletionStage<BookReply> reply,
      Function<BookReply, HttpResponse> onOk) {
    return reply.thenApply(r -> response(r, onOk)).exceptionally(BookRoutes::failure);
  }

  /** {@code POST /books/{symbol}/orders}, by the route and by {@link #placement}. */
  private CompletionStage<HttpResponse> placeOrder(String symbol, Optional<String> caller, String body) {
    var order = Requests.place(body, caller.orElse(null));
    return answer(books.place(symbol, order), reply -> accepted(symbol, reply, 201));
  }

  /**
   * Order placement without the routing DSL, the one request a trading client sends most: a POST
   * to {@code /books/{symbol}/orders} whose body arrived whole, as JSON in UTF-8 and within the
   * size limit. It is answered as the route answers it (the same checks, {@link #placeOrder});
   * anything else (another path or method, a streamed, foreign or oversized body) returns null
   * and goes through the route. The DSL's directive layers were ~15% of a REST order's CPU.
   */
  private CompletionStage<HttpResponse> placement(HttpRequest request) {
    if (request.method() != org.apache.pekko.http.javadsl.model.HttpMethods.POST
        || !(request.entity() instanceof org.apache.pekko.http.javadsl.model.HttpEntity.Strict body)
        || body.getData().size() > maxBodyBytes
        || !body.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)
        || body.getContentType().getCharsetOption().filter(c -> !c.nioCharset().equals(
            java.nio.charset.StandardCharsets.UTF_8)).isPresent()) {
      return null;
    }
    var path = request.getUri().pathSegments().iterator();
    if (!request.getUri().path().startsWith("/") || !path.hasNext() || !path.next().equals("books") || !path.hasNext()) {
      return null;
    }
    String raw = path.next();
    if (raw.isEmpty() || !path.hasNext() || !path.next().equals("orders") || path.hasNext()) {
      return null;
    }
    try {
      String json = body.getData().utf8String();
      return placeOrder(bookOf(raw), callerOf(request, json), json);
    } catch (ApiError e) {
      return CompletableFuture.completedFuture(Json.error(e));
    }
  }

  private static HttpResponse response(BookReply reply, Function<BookReply, HttpResponse> onOk) {
    ApiError refused = ApiError.refusal(reply);
    return refused != null ? Json.error(refused) : onOk.apply(reply);
  }

  private static HttpResponse failure(Throwable t) {
    return Json.error(ApiError.failed(t));
  }

  private ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(ApiError.class, e -> complete(Json.error(e)))
        .match(EntityStreamSizeException.class, e -> complete(
            Json.error(new ApiError(413, "BODY_TOO_LARGE", "body", "request body exceeds " + e.limit() + " bytes"))))
        .matchAny(t -> complete(failure(t)))
        .build();
  }

  /** Pekko's own rejection statuses, with the text body turned into a JSON error. */
  private static RejectionHandler rejections() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(resp -> {
      if (resp.entity().getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
        return resp;
      }
      int status = resp.status().intValue();
      // Pekko's own texts for 404 and 405 are plain sentences; others can quote internal
      // exceptions, so they get a fixed message.
      String text = (status == 404 || status == 405)
          && resp.entity() instanceof org.apache.pekko.http.javadsl.model.HttpEntity.Strict s
          ? s.getData().utf8String() : resp.status().reason();
      String code = status == 404 ? "NOT_FOUND" : status == 405 ? "METHOD_NOT_ALLOWED"
          : status == 413 ? "BODY_TOO_LARGE" : status == 415 ? "UNSUPPORTED_MEDIA_TYPE" : "BAD_REQUEST";
      return Json.error(new ApiError(status, code, status == 413 ? "body" : null, text)).withHeaders(resp.getHeaders());
    });
  }
}
