package bookshard.http;

import bookshard.book.RejectReason;
import bookshard.feed.MarketData;
import bookshard.protocol.BookReply;
import bookshard.protocol.BookRequest;
import bookshard.protocol.Books;
import bookshard.protocol.Guards;
import bookshard.async.OnCompletingThread;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * One WebSocket connection: public channels (trades, L2 depth) for any number of symbols, and
 * order entry (place, cancel, amend, mass cancel) with the client's request id echoed. JSON text
 * frames both ways; the message shapes are in docs/api.md and docs/asyncapi.yaml. Everything a session sends goes
 * through one bounded queue: a client that does not read fast enough is disconnected rather
 * than buffered without limit (it resubscribes and gets a fresh depth snapshot).
 */
final class WebSocketSession {
  static final int MAX_SUBSCRIPTIONS = 50;
  static final int MAX_FRAME_CHARS = 16 * 1024;
  static final int OUTGOING_BUFFER = 8192;
  /**
   * Orders a connection may have sent and not yet had answered. Beyond it an order is refused at
   * once (429), so the replies a connection is owed always fit its outgoing buffer, whatever the
   * book's pauses: a pipelining client is throttled, never disconnected for it.
   */
  static final int MAX_ORDERS_IN_FLIGHT = 4096;
  /**
   * Cancel on disconnect runs on the account's dead-man's switch: re-armed with this timeout
   * every {@link #COD_REARM} while the connection lives, fired at once when it closes. If the
   * connection's node dies, nobody re-arms it and it fires on its own (on another node).
   */
  static final Duration COD_TIMEOUT = Duration.ofSeconds(3);
  static final Duration COD_REARM = Duration.ofSeconds(1);

  private final Books books;
  private final Guards guards;
  private final MarketData marketData;
  private final Materializer mat;
  private final Optional<String> caller;
  /** API keys on and this connection has none: market data only. */
  private final boolean anonymous;
  private final BoundedSourceQueue<String> out;
  /** A subscription that sent nothing for this long sends a heartbeat with its last position. */
  private final Duration heartbeat;
  private final boolean accountsOn;
  private final Map<String, UniqueKillSwitch> subscriptions = new HashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger ordersInFlight = new java.util.concurrent.atomic.AtomicInteger();
  private String cancelOnDisconnect;
  private org.apache.pekko.actor.Cancellable rearming;

  private WebSocketSession(Books books, Guards guards, MarketData marketData, Materializer mat, Optional<String> caller,
      boolean keysOn, BoundedSourceQueue<String> out, Duration heartbeat, boolean accountsOn) {
    this.anonymous = keysOn && caller.isEmpty();
    this.accountsOn = accountsOn;
    this.heartbeat = heartbeat;
    this.books = books;
    this.guards = guards;
    this.marketData = marketData;
    this.mat = mat;
    this.caller = caller;
    this.out = out;
  }

  /** The flow pekko-http runs for one connection; {@code caller}: the API key's account. */
  static Flow<Message, Message, NotUsed> flow(Books books, Guards guards, MarketData marketData, Materializer mat,
      Optional<String> caller, boolean keysOn, Duration heartbeat, boolean accountsOn) {
    Pair<BoundedSourceQueue<String>, Source<String, NotUsed>> queue =
        Source.<String>queue(OUTGOING_BUFFER).preMaterialize(mat);
    WebSocketSession session = new WebSocketSession(books, guards, marketData, mat, caller, keysOn, queue.first(),
        heartbeat, accountsOn);
    // A strict frame (the whole message in one read) is handled at once, on the connection's
    // stream; only a message split across reads is collected, and the next waits for it, so a
    // client's messages are handled in the order sent. Replies go out as each book answers.
    Sink<Message, NotUsed> in = Flow.<Message>create()
        .mapAsync(1, session::text)
        .to(Sink.<Optional<String>>foreach(text -> text.ifPresent(session::handle))
            .mapMaterializedValue(done -> {
              OnCompletingThread.of(done).whenComplete((d, t) -> session.close());
              return NotUsed.getInstance();
            }));
    // The connection's heartbeat on a clock, not after silence: quiet subscriptions send their
    // own heartbeats, which kept a silence-based one from ever coming.
    Source<String, NotUsed> connectionBeats = Source.tick(heartbeat, heartbeat, "")
        .map(x -> Json.write(Json.object().put("type", "heartbeat").put("timeMillis", System.currentTimeMillis())))
        .mapMaterializedValue(c -> NotUsed.notUsed());
    Source<Message, NotUsed> outgoing = queue.second()
        .merge(connectionBeats, true)
        .map(s -> (Message) TextMessage.create(s));
    return Flow.fromSinkAndSourceCoupled(in, outgoing);
  }

  private static final CompletableFuture<Optional<String>> NOTHING = CompletableFuture.completedFuture(Optional.empty());

  /** A text message's whole text (bounded), or empty after answering a message that is not one. */
  private CompletionStage<Optional<String>> text(Message m) {
    if (!m.isText()) {
      m.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), mat);
      send(error(null, new ApiError(400, "UNSUPPORTED_FRAME", null, "send JSON text frames")));
      return NOTHING;
    }
    TextMessage t = m.asTextMessage();
    if (t.isStrict()) {
      return CompletableFuture.completedFuture(bounded(t.getStrictText()));
    }
    return OnCompletingThread.of(t.getStreamedText()
        .runFold(new StringBuilder(), (sb, part) -> sb.length() > MAX_FRAME_CHARS ? sb : sb.append(part), mat))
        .thenApply(sb -> bounded(sb.toString()));
  }

  private Optional<String> bounded(String text) {
    if (text.length() > MAX_FRAME_CHARS) {
      send(error(null, new ApiError(413, "FRAME_TOO_LARGE", null,
          "a message may have at most " + MAX_FRAME_CHARS + " characters")));
      return Optional.empty();
    }
    return Optional.of(text);
  }

  private void handle(String text) {
    String requestId = null;
    try {
      JsonNode n = Json.parse(text);
      if (!n.isObject()) {
        throw ApiError.badField("message", "a message is a JSON object with an \"op\"");
      }
      requestId = n.hasNonNull("requestId") ? requestId(n.get("requestId")) : null;
      String op = n.path("op").asText("");
      if (anonymous && !op.equals("subscribe") && !op.equals("unsubscribe") && !op.equals("ping")) {
        throw new ApiError(401, "UNAUTHENTICATED", "X-API-Key",
            "this connection has no API key: market data only; connect with an X-API-Key header to trade");
      }
      switch (op) {
        case "subscribe" -> subscribe(n, requestId);
        case "unsubscribe" -> unsubscribe(n, requestId);
        case "place" -> order(n, requestId, 201, symbol -> {
          var order = Requests.place(field(n, "order"), caller.orElse(null));
          return () -> books.place(symbol, order);
        });
        case "cancel" -> order(n, requestId, 200, symbol -> {
          String account = Requests.account(textOrNull(n, "account"), caller.orElse(null));
          if (n.has("clientOrderId") && !n.has("orderId")) {
            String clientOrderId = Requests.clientOrderId(n.path("clientOrderId").asText(""));
            return () -> books.send(symbol, new BookRequest.CancelByClientOrderId(account, clientOrderId));
          }
          long orderId = Requests.orderId(n.path("orderId").asText(""));
          return () -> books.send(symbol, new BookRequest.Cancel(orderId, account));
        });
        case "amend" -> order(n, requestId, 200, symbol -> {
          long orderId = Requests.orderId(n.path("orderId").asText(""));
          var a = Requests.amend(field(n, "amend"), caller.orElse(null));
          return () -> books.send(symbol, new BookRequest.Amend(orderId, a.account(), a.priceTicks(), a.quantityLots()));
        });
        case "cancelAll" -> order(n, requestId, 200, symbol -> {
          String account = Requests.account(textOrNull(n, "account"), caller.orElse(null));
          return () -> books.send(symbol, new BookRequest.CancelAll(account));
        });
        case "cancelOnDisconnect" -> cancelOnDisconnect(Requests.account(textOrNull(n, "account"), caller.orElse(null)),
            requestId);
        case "ping" -> send(typed("pong", requestId));
        case "instruments" -> send(typed("instruments", requestId).setAll(Views.instruments(books)));
        default -> throw ApiError.badField("op",
            "one of subscribe, unsubscribe, place, cancel, amend, cancelAll, cancelOnDisconnect, instruments, ping");
      }
    } catch (ApiError e) {
      send(error(requestId, e));
    }
  }

  private static String requestId(JsonNode v) {
    if (!v.isTextual() || v.textValue().isEmpty() || v.textValue().length() > 64) {
      throw ApiError.badField("requestId", "a string of 1 to 64 characters");
    }
    return v.textValue();
  }

  private static JsonNode field(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null || !v.isObject()) {
      throw ApiError.badField(name, "required; a JSON object");
    }
    return v;
  }

  private static String textOrNull(JsonNode n, String name) {
    JsonNode v = n.get(name);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** The account of a private channel: the key's, or the named one when keys are off. */
  private String privateAccount(JsonNode n) {
    if (anonymous) {
      throw new ApiError(401, "UNAUTHENTICATED", "X-API-Key", "an account's orders and balances need its API key");
    }
    return Requests.account(textOrNull(n, "account"), caller.orElse(null));
  }

  private static OptionalLong afterPosition(JsonNode n) {
    return n.has("afterPosition")
        ? OptionalLong.of(Requests.longParam(Optional.of(n.get("afterPosition").asText()), "afterPosition", 0, 0,
            Long.MAX_VALUE - 1))
        : OptionalLong.empty();
  }

  private String knownSymbol(JsonNode n) {
    String symbol = Requests.symbol(n.path("symbol").asText(""));
    if (!books.exists(symbol)) {
      throw new ApiError(404, RejectReason.UNKNOWN_SYMBOL.name(), "symbol", "no book for " + symbol);
    }
    return symbol;
  }

  private void subscribe(JsonNode n, String requestId) {
    String channel = n.path("channel").asText("");
    // The balances channel is an account's, not a book's: its replies name the account.
    String symbol = channel.equals("balances") ? privateAccount(n) : knownSymbol(n);
    String subject = subjectOf(channel);
    String key = channel + ":" + symbol;
    Source<ObjectNode, NotUsed> source = switch (channel) {
      case "balances" -> {
        if (!accountsOn) {
          throw ApiError.accountsOff();
        }
        OptionalLong after = afterPosition(n);
        yield marketData.balances(symbol, after).map(u -> Views.balanceUpdate(symbol, u));
      }
      case "trades" -> {
        OptionalLong after = n.has("afterMatchId")
            ? OptionalLong.of(Requests.longParam(Optional.of(n.get("afterMatchId").asText()), "afterMatchId", 0, 0,
                Long.MAX_VALUE - 1))
            : OptionalLong.empty();
        yield marketData.trades(symbol, after).map(t -> {
          ObjectNode m = Json.object().put("type", "trade").put("symbol", symbol);
          m.setAll(Views.trade(t));
          return m;
        });
      }
      case "depth" -> marketData.depth(symbol).map(d -> Views.depth(symbol, d).put("type", "depth"));
      case "bbo" -> marketData.bestBidOffer(symbol).map(b -> Views.bestBidOffer(symbol, b));
      case "orders" -> {
        String account = privateAccount(n);
        yield marketData.accountEvents(symbol, account, afterPosition(n)).map(a -> Views.accountEvent(symbol, account, a));
      }
      default -> throw ApiError.badField("channel", "one of trades, depth, bbo, orders, balances");
    };
    String positionKey = switch (channel) {
      case "trades" -> "matchId";
      case "depth" -> "sequenceNr";
      default -> "position";
    };
    long[] lastPosition = {-1};
    Source<ObjectNode, NotUsed> beating = source
        .map(m -> {
          if (m.has(positionKey)) {
            lastPosition[0] = m.get(positionKey).asLong();
          }
          return m;
        })
        .keepAlive(heartbeat, () -> Json.object().put("type", "heartbeat").put("channel", channel).put(subject, symbol)
            .put(positionKey, lastPosition[0]).put("timeMillis", System.currentTimeMillis()));
    synchronized (subscriptions) {
      if (subscriptions.containsKey(key)) {
        throw new ApiError(409, "ALREADY_SUBSCRIBED", "channel", "already subscribed to " + channel + " " + symbol);
      }
      if (subscriptions.size() >= MAX_SUBSCRIPTIONS) {
        throw new ApiError(429, "TOO_MANY_SUBSCRIPTIONS", "channel",
            "at most " + MAX_SUBSCRIPTIONS + " subscriptions per connection");
      }
      send(typed("subscribed", requestId).put("channel", channel).put(subject, symbol));
      UniqueKillSwitch kill = beating.map(Json::write).viaMat(KillSwitches.single(), Keep.right())
          .to(Sink.foreach(this::send)).run(mat);
      subscriptions.put(key, kill);
    }
  }

  private void unsubscribe(JsonNode n, String requestId) {
    String channel = n.path("channel").asText("");
    String symbol = channel.equals("balances") ? privateAccount(n) : Requests.symbol(n.path("symbol").asText(""));
    UniqueKillSwitch kill;
    synchronized (subscriptions) {
      kill = subscriptions.remove(channel + ":" + symbol);
    }
    if (kill == null) {
      throw new ApiError(404, "NOT_SUBSCRIBED", "channel", "no subscription to " + channel + " " + symbol);
    }
    kill.shutdown();
    send(typed("unsubscribed", requestId).put("channel", channel).put(subjectOf(channel), symbol));
  }

  /** What a channel's replies name: the account for balances, else the book's symbol. */
  private static String subjectOf(String channel) {
    return channel.equals("balances") ? "account" : "symbol";
  }

  /** Order entry: the same validation and the same reply bodies as the REST routes. */
  private void order(JsonNode n, String requestId, int okStatus,
      Function<String, Supplier<CompletionStage<BookReply>>> command) {
    String symbol = knownSymbol(n);
    // Validated here, sent below once there is room in flight.
    Supplier<CompletionStage<BookReply>> order = command.apply(symbol);
    if (ordersInFlight.incrementAndGet() > MAX_ORDERS_IN_FLIGHT) {
      ordersInFlight.decrementAndGet();
      throw new ApiError(429, "TOO_MANY_IN_FLIGHT", "requestId", "at most " + MAX_ORDERS_IN_FLIGHT
          + " orders unanswered per connection; send more as replies arrive");
    }
    order.get().whenComplete((reply, t) -> {
      ordersInFlight.decrementAndGet();
      ApiError refused = t != null ? ApiError.failed(t) : ApiError.refusal(reply);
      if (refused != null) {
        send(error(requestId, refused));
      } else if (reply instanceof BookReply.Accepted a) {
        ObjectNode m = typed("reply", requestId).put("status", a.duplicate() ? 200 : okStatus);
        m.set("body", Views.outcome(symbol, a.outcome(), a.duplicate()));
        send(m);
      } else if (reply instanceof BookReply.MassCancelled mc) {
        ObjectNode m = typed("reply", requestId).put("status", 200);
        m.set("body", Views.massCancel(symbol, mc));
        send(m);
      }
    });
  }

  /** From now on, the account's orders in every configured book are cancelled when this connection ends. */
  private void cancelOnDisconnect(String account, String requestId) {
    synchronized (subscriptions) {
      if (cancelOnDisconnect != null && !cancelOnDisconnect.equals(account)) {
        throw new ApiError(409, "ALREADY_SET", "account", "this connection cancels " + cancelOnDisconnect
            + "'s orders on disconnect; one account per connection");
      }
      cancelOnDisconnect = account;
    }
    guards.arm(account, COD_TIMEOUT.toMillis()).whenComplete((g, t) -> {
      if (t != null) {
        send(error(requestId, new ApiError(503, "GUARD_UNAVAILABLE", null, "the account's switch did not answer; retry")));
        return;
      }
      synchronized (subscriptions) {
        if (rearming == null && cancelOnDisconnect != null) {
          rearming = mat.system().scheduler().scheduleWithFixedDelay(COD_REARM, COD_REARM,
              () -> guards.arm(account, COD_TIMEOUT.toMillis()), mat.executionContext());
        }
      }
      send(typed("cancelOnDisconnect", requestId).put("account", account).put("armed", true)
          .put("timeoutMillis", COD_TIMEOUT.toMillis()));
    });
  }

  private static ObjectNode typed(String type, String requestId) {
    ObjectNode m = Json.object().put("type", type);
    if (requestId != null) {
      m.put("requestId", requestId);
    }
    return m;
  }

  private static ObjectNode error(String requestId, ApiError e) {
    ObjectNode m = typed("error", requestId).put("status", e.status()).put("error", e.code());
    if (e.field() != null) {
      m.put("field", e.field());
    }
    return m.put("message", e.getMessage());
  }

  private void send(ObjectNode message) {
    send(Json.write(message));
  }

  /** A full queue means the client stopped reading: it is disconnected, not buffered forever. */
  private void send(String text) {
    QueueOfferResult r = out.offer(text);
    if (r == QueueOfferResult.dropped()) {
      out.fail(new IllegalStateException("client too slow: more than " + OUTGOING_BUFFER + " messages unread"));
    }
  }

  private void close() {
    synchronized (subscriptions) {
      subscriptions.values().forEach(UniqueKillSwitch::shutdown);
      subscriptions.clear();
      if (rearming != null) {
        rearming.cancel();
      }
      if (cancelOnDisconnect != null) {
        // The shortest deadline the switch takes: it fires at once and delivers the cancels.
        guards.arm(cancelOnDisconnect, Requests.MIN_CANCEL_AFTER_MILLIS);
        cancelOnDisconnect = null;
      }
    }
    out.complete();
  }
}
