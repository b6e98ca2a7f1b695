package bookshard.fix;

import bookshard.book.OrderType;
import bookshard.book.RejectReason;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import java.util.Map;

/** The engine's words in FIX 4.4's: sides, order types, times in force, and the API's field names as tags. */
final class FixFields {
  /** The API's field names (ApiError's table, shared with REST and WebSocket) as the FIX tags that carry them. */
  private static final Map<String, String> TAG_OF_FIELD = Map.ofEntries(
      Map.entry("priceTicks", "Price(44)"),
      Map.entry("quantityLots", "OrderQty(38)"),
      Map.entry("stopPriceTicks", "StopPx(99)"),
      Map.entry("timeInForce", "TimeInForce(59)"),
      Map.entry("expireAtMillis", "ExpireTime(126)"),
      Map.entry("clientOrderId", "ClOrdID(11)"),
      Map.entry("symbol", "Symbol(55)"),
      Map.entry("account", "Account(1)"),
      Map.entry("type", "OrdType(40)"),
      Map.entry("side", "Side(54)"),
      Map.entry("orderId", "OrderID(37)"));

  private FixFields() {}

  static String tagOf(String apiField) {
    return apiField == null ? null : TAG_OF_FIELD.getOrDefault(apiField, apiField);
  }

  static char side(Side side) {
    return side == Side.BUY ? quickfix.field.Side.BUY : quickfix.field.Side.SELL;
  }

  static Side side(char fix) {
    return switch (fix) {
      case quickfix.field.Side.BUY -> Side.BUY;
      case quickfix.field.Side.SELL -> Side.SELL;
      default -> null;
    };
  }

  static char ordType(OrderType type) {
    return switch (type) {
      case MARKET -> quickfix.field.OrdType.MARKET;
      case LIMIT -> quickfix.field.OrdType.LIMIT;
      case STOP -> quickfix.field.OrdType.STOP_STOP_LOSS;
      case STOP_LIMIT -> quickfix.field.OrdType.STOP_LIMIT;
    };
  }

  static OrderType ordType(char fix) {
    return switch (fix) {
      case quickfix.field.OrdType.MARKET -> OrderType.MARKET;
      case quickfix.field.OrdType.LIMIT -> OrderType.LIMIT;
      case quickfix.field.OrdType.STOP_STOP_LOSS -> OrderType.STOP;
      case quickfix.field.OrdType.STOP_LIMIT -> OrderType.STOP_LIMIT;
      default -> null;
    };
  }

  /** POST_ONLY has no TimeInForce in FIX: it is a GTC order with ExecInst(18) 6 (participate, don't initiate). */
  static char timeInForce(TimeInForce tif) {
    return switch (tif) {
      case GTC, POST_ONLY -> quickfix.field.TimeInForce.GOOD_TILL_CANCEL;
      case IOC -> quickfix.field.TimeInForce.IMMEDIATE_OR_CANCEL;
      case FOK -> quickfix.field.TimeInForce.FILL_OR_KILL;
      case GTD -> quickfix.field.TimeInForce.GOOD_TILL_DATE;
    };
  }

  /** OrdRejReason(103) of a book's reject. */
  static int ordRejReason(RejectReason reason) {
    return switch (reason) {
      case UNKNOWN_SYMBOL -> quickfix.field.OrdRejReason.UNKNOWN_SYMBOL;
      case DUPLICATE_CLIENT_ORDER_ID -> quickfix.field.OrdRejReason.DUPLICATE_ORDER;
      case QUANTITY_ABOVE_MAX, INSUFFICIENT_FUNDS, MAX_NOTIONAL_EXCEEDED -> quickfix.field.OrdRejReason.ORDER_EXCEEDS_LIMIT;
      case UNKNOWN_ORDER -> quickfix.field.OrdRejReason.UNKNOWN_ORDER;
      default -> quickfix.field.OrdRejReason.OTHER;
    };
  }
}
