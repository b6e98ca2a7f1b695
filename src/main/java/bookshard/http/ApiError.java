package bookshard.http;

import bookshard.book.RejectReason;
import bookshard.protocol.BookReply;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * A refused request: HTTP status, a stable machine-readable code, the offending field (or
 * null) and a sentence for people. Thrown by validation, turned into a JSON body by the routes.
 */
public final class ApiError extends RuntimeException {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApiError.class);
  private final int status;
  private final String code;
  private final String field;

  public ApiError(int status, String code, String field, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  public static ApiError badField(String field, String message) {
    return new ApiError(400, "INVALID_FIELD", field, message);
  }

  /** Balances, deposits and withdrawals where accounts are off: nothing would check or move funds. */
  public static ApiError accountsOff() {
    return new ApiError(404, "ACCOUNTS_OFF", "account",
        "accounts are off on this exchange (bookshard.accounts.enabled): there are no balances to read or move");
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }

  /** The error a reply that did nothing stands for (rejected, overloaded), or null. */
  public static ApiError refusal(BookReply reply) {
    return reply instanceof BookReply.Rejected rej ? rejection(rej.reason())
        : reply instanceof BookReply.Overloaded ? new ApiError(429, "OVERLOADED", null,
            "the book has too many commands waiting; retry after the Retry-After delay")
        : null;
  }

  /** The one table of what each rejection is called over the API: REST and WebSocket answer with it. */
  public static ApiError rejection(RejectReason reason) {
    return switch (reason) {
      case INVALID_PRICE -> new ApiError(400, reason.name(), "priceTicks", "price out of range for this order");
      case INVALID_QUANTITY -> new ApiError(400, reason.name(), "quantityLots", "quantity out of range");
      case INVALID_TIME_IN_FORCE -> new ApiError(400, reason.name(), "timeInForce", "not allowed for this order type");
      case UNKNOWN_ORDER -> new ApiError(404, reason.name(), "orderId", "no such resting order (unknown, filled or cancelled)");
      case NOT_ORDER_OWNER -> new ApiError(403, reason.name(), "account", "the order belongs to another account");
      case WOULD_TAKE_LIQUIDITY -> new ApiError(422, reason.name(), null, "a POST_ONLY order would have crossed the book");
      case FOK_NOT_FILLABLE -> new ApiError(422, reason.name(), null, "a FOK order could not be filled entirely now");
      case DUPLICATE_CLIENT_ORDER_ID -> new ApiError(409, reason.name(), "clientOrderId",
          "a live order of this account has this clientOrderId with different content");
      case UNKNOWN_SYMBOL -> new ApiError(404, reason.name(), "symbol", "no book for this symbol");
      case PRICE_NOT_ON_TICK -> new ApiError(400, reason.name(), "priceTicks", "not a multiple of the instrument's tick size");
      case QUANTITY_NOT_ON_LOT -> new ApiError(400, reason.name(), "quantityLots", "not a multiple of the instrument's lot size");
      case QUANTITY_BELOW_MIN -> new ApiError(400, reason.name(), "quantityLots", "below the instrument's minimum quantity");
      case QUANTITY_ABOVE_MAX -> new ApiError(400, reason.name(), "quantityLots", "above the instrument's maximum quantity");
      case NOTIONAL_BELOW_MIN -> new ApiError(400, reason.name(), "quantityLots",
          "price x quantity is below the instrument's minimum notional");
      case PRICE_OUTSIDE_BAND -> new ApiError(422, reason.name(), "priceTicks",
          "too far from the last trade's price (the instrument's price band)");
      case INVALID_STOP_PRICE -> new ApiError(400, reason.name(), "stopPriceTicks",
          "a STOP or STOP_LIMIT order needs a stop price from 1 to " + bookshard.book.Limits.MAX_PRICE_TICKS
              + "; other orders have none");
      case WOULD_TRIGGER_IMMEDIATELY -> new ApiError(422, reason.name(), "stopPriceTicks",
          "the last trade is already at or through the stop price");
      case INVALID_EXPIRE_TIME -> new ApiError(400, reason.name(), "expireAtMillis",
          "a GTD order needs an expiry time in the future (epoch milliseconds); other orders have none");
      case NOT_AMENDABLE -> new ApiError(422, reason.name(), "orderId",
          "a waiting stop order cannot be amended; cancel it and place a new one");
      case INSUFFICIENT_FUNDS -> new ApiError(422, reason.name(), "quantityLots",
          "the account's available balance does not cover what the order must hold (GET /accounts/{id}/balances)");
      case BUY_NEEDS_LIMIT_PRICE -> new ApiError(422, reason.name(), "type",
          "with accounts on, a MARKET buy needs a maxNotional (FOK), or a limit price (LIMIT): either bounds what it"
              + " holds");
      case INVALID_MAX_NOTIONAL -> new ApiError(400, reason.name(), "maxNotional",
          "maxNotional (ticks x lots, 1 to " + bookshard.book.Limits.MAX_NOTIONAL + ") is for MARKET FOK buys only");
      case MAX_NOTIONAL_EXCEEDED -> new ApiError(422, reason.name(), "maxNotional",
          "filling the whole quantity now would cost more than maxNotional; nothing was done");
      case AMEND_NOT_FUNDED -> new ApiError(422, reason.name(), "quantityLots",
          "with accounts on, an amend may not raise what the order can cost (a buy's price x quantity, a sell's"
              + " quantity): cancel it and place a new one");
    };
  }

  /** The error for an ask that failed (a refused request, a book that did not answer, a bug). */
  public static ApiError failed(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof ApiError e) {
      return e;
    }
    if (cause instanceof TimeoutException) {
      return new ApiError(503, "BOOK_UNAVAILABLE", null,
          "the book did not answer in time; the request may or may not have been applied - retry with the same clientOrderId");
    }
    LOG.error("request failed", cause);
    return new ApiError(500, "INTERNAL", null, "internal error");
  }
}
