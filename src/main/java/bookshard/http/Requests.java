package bookshard.http;

import bookshard.book.Limits;
import bookshard.book.NewOrder;
import bookshard.book.OrderType;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns request JSON, path segments and query parameters into commands, or names the bad field. */
public final class Requests {
  private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final Pattern CLIENT_ORDER_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9._-]{0,31}");
  private static final Set<String> PLACE_FIELDS =
      Set.of("account", "clientOrderId", "side", "type", "timeInForce", "priceTicks", "quantityLots", "stopPriceTicks",
          "maxNotional",
          "expireAtMillis");
  private static final Set<String> AMEND_FIELDS = Set.of("account", "priceTicks", "quantityLots");
  private static final Set<String> CANCEL_AFTER_FIELDS = Set.of("timeoutMillis");
  private static final Set<String> MOVEMENT_FIELDS = Set.of("asset", "amount", "requestId");
  /** A deposit or withdrawal is at most this many of the asset's smallest unit. */
  public static final long MAX_MOVEMENT = 1_000_000_000_000_000L;

  /** A deposit or withdrawal. */
  public record Movement(String asset, long amount, String requestId) {}

  /** {@code {"asset": "USD", "amount": N, "requestId": "..."}}; the asset one of {@code known}. */
  public static Movement movement(String body, Set<String> known) {
    JsonNode n = object(body, MOVEMENT_FIELDS);
    JsonNode a = n.get("asset");
    if (a == null || !a.isTextual() || !known.contains(a.textValue())) {
      throw ApiError.badField("asset", "required; one of " + String.join(", ", new java.util.TreeSet<>(known)));
    }
    long amount = bounded(n, "amount", MAX_MOVEMENT);
    String requestId = optionalString(n, "requestId", CLIENT_ORDER_ID, "1 to 64 characters of A-Z a-z 0-9 _ . : -");
    if (requestId == null) {
      throw ApiError.badField("requestId", "required: 1 to 64 characters of A-Z a-z 0-9 _ . : - (a retry with the same"
          + " one is applied once)");
    }
    return new Movement(a.textValue(), amount, requestId);
  }
  /** A dead-man's switch shorter than this would fire on ordinary network jitter. */
  public static final long MIN_CANCEL_AFTER_MILLIS = 100;
  public static final long MAX_CANCEL_AFTER_MILLIS = 86_400_000;

  private Requests() {}

  public record Amend(String account, long priceTicks, long quantityLots) {}

  /** {@code keyAccount}: the account of the request's API key, or null when auth is off. */
  public static NewOrder place(String body, String keyAccount) {
    return place(Json.parse(body), keyAccount);
  }

  /** The same rules for a body already parsed (a WebSocket message's {@code order}). */
  public static NewOrder place(JsonNode body, String keyAccount) {
    JsonNode n = object(body, PLACE_FIELDS);
    String account = account(n.get("account"), keyAccount);
    String clientOrderId = optionalString(n, "clientOrderId", CLIENT_ORDER_ID,
        "1 to 64 characters of A-Z a-z 0-9 _ . : -");
    Side side = enumField(n, "side", Side.class, null);
    OrderType type = enumField(n, "type", OrderType.class, OrderType.LIMIT);
    TimeInForce tif = enumField(n, "timeInForce", TimeInForce.class,
        type == OrderType.MARKET || type == OrderType.STOP ? TimeInForce.IOC : TimeInForce.GTC);
    long price;
    if (type == OrderType.MARKET || type == OrderType.STOP) {
      if (n.has("priceTicks")) {
        throw ApiError.badField("priceTicks", "a " + type + " order has no price (it trades at market)");
      }
      if (type == OrderType.MARKET && tif != TimeInForce.IOC && tif != TimeInForce.FOK) {
        throw ApiError.badField("timeInForce", "a MARKET order is IOC or FOK");
      }
      if (type == OrderType.STOP && tif != TimeInForce.IOC) {
        throw ApiError.badField("timeInForce", "a STOP order is IOC (what it does once triggered)");
      }
      price = 0;
    } else {
      price = bounded(n, "priceTicks", Limits.MAX_PRICE_TICKS);
    }
    if (type == OrderType.STOP_LIMIT && tif != TimeInForce.GTC && tif != TimeInForce.GTD && tif != TimeInForce.IOC) {
      throw ApiError.badField("timeInForce", "a STOP_LIMIT order is GTC, GTD or IOC");
    }
    long stopPrice = 0;
    if (type.isStop()) {
      stopPrice = bounded(n, "stopPriceTicks", Limits.MAX_PRICE_TICKS);
    } else if (n.has("stopPriceTicks")) {
      throw ApiError.badField("stopPriceTicks", "only STOP and STOP_LIMIT orders have a stop price");
    }
    long expireAt = 0;
    if (tif == TimeInForce.GTD) {
      expireAt = bounded(n, "expireAtMillis", Long.MAX_VALUE);
    } else if (n.has("expireAtMillis")) {
      throw ApiError.badField("expireAtMillis", "only GTD orders have an expiry time");
    }
    long maxNotional = 0;
    if (n.has("maxNotional")) {
      if (type != OrderType.MARKET || side != Side.BUY || tif != TimeInForce.FOK) {
        throw ApiError.badField("maxNotional", "only a MARKET FOK buy has a budget");
      }
      maxNotional = bounded(n, "maxNotional", Limits.MAX_NOTIONAL);
    }
    long quantity = bounded(n, "quantityLots", Limits.MAX_QUANTITY_LOTS);
    return new NewOrder(account, clientOrderId, side, type, tif, price, quantity, stopPrice, expireAt, maxNotional);
  }

  /** {@code {"timeoutMillis": N}}: 0 disarms, else 100 ms to 24 h. */
  public static long cancelAfter(String body) {
    JsonNode v = object(body, CANCEL_AFTER_FIELDS).get("timeoutMillis");
    if (v != null && v.isIntegralNumber() && v.canConvertToLong()
        && (v.longValue() == 0 || (v.longValue() >= MIN_CANCEL_AFTER_MILLIS && v.longValue() <= MAX_CANCEL_AFTER_MILLIS))) {
      return v.longValue();
    }
    throw ApiError.badField("timeoutMillis", "required; 0 (disarm) or an integer from " + MIN_CANCEL_AFTER_MILLIS
        + " to " + MAX_CANCEL_AFTER_MILLIS + " (milliseconds)");
  }

  public static Amend amend(String body, String keyAccount) {
    return amend(Json.parse(body), keyAccount);
  }

  public static Amend amend(JsonNode body, String keyAccount) {
    JsonNode n = object(body, AMEND_FIELDS);
    String account = account(n.get("account"), keyAccount);
    long price = n.has("priceTicks") ? bounded(n, "priceTicks", Limits.MAX_PRICE_TICKS) : 0;
    long quantity = bounded(n, "quantityLots", Limits.MAX_QUANTITY_LOTS);
    return new Amend(account, price, quantity);
  }

  public static String account(String value) {
    if (value == null) {
      throw ApiError.badField("account", "required");
    }
    if (!ACCOUNT.matcher(value).matches()) {
      throw ApiError.badField("account", "1 to 64 characters of A-Z a-z 0-9 _ . - (starting with a letter or digit)");
    }
    return value;
  }

  /** With an API key the account is the key's; a different one in the request is refused. */
  public static String account(String requested, String keyAccount) {
    if (keyAccount == null) {
      return account(requested);
    }
    if (requested != null && !requested.equals(keyAccount)) {
      throw new ApiError(403, "ACCOUNT_MISMATCH", "account", "the API key acts for another account");
    }
    return keyAccount;
  }

  private static String account(JsonNode node, String keyAccount) {
    if (node != null && !node.isTextual()) {
      throw ApiError.badField("account", "must be a string");
    }
    return account(node == null ? null : node.textValue(), keyAccount);
  }

  public static String symbol(String value) {
    if (!SYMBOL.matcher(value).matches()) {
      throw ApiError.badField("symbol", "1 to 32 characters of A-Z 0-9 . _ - (upper case)");
    }
    return value;
  }

  public static String clientOrderId(String segment) {
    if (!CLIENT_ORDER_ID.matcher(segment).matches()) {
      throw ApiError.badField("clientOrderId", "1 to 64 characters of A-Z a-z 0-9 _ . : -");
    }
    return segment;
  }

  public static long orderId(String segment) {
    try {
      long id = Long.parseLong(segment);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw ApiError.badField("orderId", "must be a positive integer");
  }

  public static long longParam(Optional<String> raw, String name, long dflt, long min, long max) {
    if (raw.isEmpty()) {
      return dflt;
    }
    try {
      long v = Long.parseLong(raw.get());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw ApiError.badField(name, "must be an integer from " + min + " to " + max);
  }

  private static JsonNode object(String body, Set<String> allowed) {
    return object(Json.parse(body), allowed);
  }

  private static JsonNode object(JsonNode n, Set<String> allowed) {
    if (!n.isObject()) {
      throw ApiError.badField("body", "request body must be a JSON object");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw ApiError.badField(f, "unknown field; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
    return n;
  }

  private static String optionalString(JsonNode n, String field, Pattern shape, String rule) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || !shape.matcher(v.textValue()).matches()) {
      throw ApiError.badField(field, rule);
    }
    return v.textValue();
  }

  private static <E extends Enum<E>> E enumField(JsonNode n, String field, Class<E> type, E dflt) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (dflt == null) {
        throw ApiError.badField(field, "required; one of " + names(type));
      }
      return dflt;
    }
    if (v.isTextual()) {
      for (E e : type.getEnumConstants()) {
        if (e.name().equals(v.textValue())) {
          return e;
        }
      }
    }
    throw ApiError.badField(field, "must be one of " + names(type));
  }

  private static String names(Class<? extends Enum<?>> type) {
    StringBuilder sb = new StringBuilder();
    for (Enum<?> e : type.getEnumConstants()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(e.name());
    }
    return sb.toString();
  }

  private static long bounded(JsonNode n, String field, long max) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw ApiError.badField(field, "required; an integer from 1 to " + max);
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 1 || v.longValue() > max) {
      throw ApiError.badField(field, "must be an integer from 1 to " + max);
    }
    return v.longValue();
  }
}
