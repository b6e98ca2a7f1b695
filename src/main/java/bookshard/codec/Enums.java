package bookshard.codec;

import bookshard.book.CancelReason;
import bookshard.book.OrderStatus;
import bookshard.book.OrderType;
import bookshard.book.RejectReason;
import bookshard.book.Side;
import bookshard.book.TimeInForce;

/**
 * Java enums to FlatBuffers bytes by explicit mapping, never by ordinal: reordering a Java enum
 * must not change what old journal rows mean.
 */
final class Enums {
  private Enums() {}

  static byte side(Side s) {
    return switch (s) {
      case BUY -> bookshard.fb.Side.BUY;
      case SELL -> bookshard.fb.Side.SELL;
    };
  }

  static Side side(byte b) {
    return switch (b) {
      case bookshard.fb.Side.BUY -> Side.BUY;
      case bookshard.fb.Side.SELL -> Side.SELL;
      default -> throw new IllegalArgumentException("side " + b);
    };
  }

  static byte type(OrderType t) {
    return switch (t) {
      case LIMIT -> bookshard.fb.OrderType.LIMIT;
      case MARKET -> bookshard.fb.OrderType.MARKET;
    };
  }

  static OrderType type(byte b) {
    return switch (b) {
      case bookshard.fb.OrderType.LIMIT -> OrderType.LIMIT;
      case bookshard.fb.OrderType.MARKET -> OrderType.MARKET;
      default -> throw new IllegalArgumentException("order type " + b);
    };
  }

  static byte tif(TimeInForce t) {
    return switch (t) {
      case GTC -> bookshard.fb.TimeInForce.GTC;
      case IOC -> bookshard.fb.TimeInForce.IOC;
      case FOK -> bookshard.fb.TimeInForce.FOK;
      case POST_ONLY -> bookshard.fb.TimeInForce.POST_ONLY;
    };
  }

  static TimeInForce tif(byte b) {
    return switch (b) {
      case bookshard.fb.TimeInForce.GTC -> TimeInForce.GTC;
      case bookshard.fb.TimeInForce.IOC -> TimeInForce.IOC;
      case bookshard.fb.TimeInForce.FOK -> TimeInForce.FOK;
      case bookshard.fb.TimeInForce.POST_ONLY -> TimeInForce.POST_ONLY;
      default -> throw new IllegalArgumentException("time in force " + b);
    };
  }

  static byte reason(CancelReason r) {
    return switch (r) {
      case USER -> bookshard.fb.CancelReason.USER;
      case UNFILLED_REMAINDER -> bookshard.fb.CancelReason.UNFILLED_REMAINDER;
      case SELF_TRADE_PREVENTION -> bookshard.fb.CancelReason.SELF_TRADE_PREVENTION;
    };
  }

  static CancelReason reason(byte b) {
    return switch (b) {
      case bookshard.fb.CancelReason.USER -> CancelReason.USER;
      case bookshard.fb.CancelReason.UNFILLED_REMAINDER -> CancelReason.UNFILLED_REMAINDER;
      case bookshard.fb.CancelReason.SELF_TRADE_PREVENTION -> CancelReason.SELF_TRADE_PREVENTION;
      default -> throw new IllegalArgumentException("cancel reason " + b);
    };
  }

  static byte status(OrderStatus s) {
    return switch (s) {
      case RESTING -> bookshard.fb.OrderStatus.RESTING;
      case PARTIALLY_FILLED_RESTING -> bookshard.fb.OrderStatus.PARTIALLY_FILLED_RESTING;
      case FILLED -> bookshard.fb.OrderStatus.FILLED;
      case CANCELLED -> bookshard.fb.OrderStatus.CANCELLED;
    };
  }

  static OrderStatus status(byte b) {
    return switch (b) {
      case bookshard.fb.OrderStatus.RESTING -> OrderStatus.RESTING;
      case bookshard.fb.OrderStatus.PARTIALLY_FILLED_RESTING -> OrderStatus.PARTIALLY_FILLED_RESTING;
      case bookshard.fb.OrderStatus.FILLED -> OrderStatus.FILLED;
      case bookshard.fb.OrderStatus.CANCELLED -> OrderStatus.CANCELLED;
      default -> throw new IllegalArgumentException("order status " + b);
    };
  }

  static byte reject(RejectReason r) {
    return switch (r) {
      case INVALID_PRICE -> bookshard.fb.RejectReason.INVALID_PRICE;
      case INVALID_QUANTITY -> bookshard.fb.RejectReason.INVALID_QUANTITY;
      case INVALID_TIME_IN_FORCE -> bookshard.fb.RejectReason.INVALID_TIME_IN_FORCE;
      case UNKNOWN_ORDER -> bookshard.fb.RejectReason.UNKNOWN_ORDER;
      case NOT_ORDER_OWNER -> bookshard.fb.RejectReason.NOT_ORDER_OWNER;
      case WOULD_TAKE_LIQUIDITY -> bookshard.fb.RejectReason.WOULD_TAKE_LIQUIDITY;
      case FOK_NOT_FILLABLE -> bookshard.fb.RejectReason.FOK_NOT_FILLABLE;
      case DUPLICATE_CLIENT_ORDER_ID -> bookshard.fb.RejectReason.DUPLICATE_CLIENT_ORDER_ID;
      case UNKNOWN_SYMBOL -> bookshard.fb.RejectReason.UNKNOWN_SYMBOL;
    };
  }

  static RejectReason reject(byte b) {
    return switch (b) {
      case bookshard.fb.RejectReason.INVALID_PRICE -> RejectReason.INVALID_PRICE;
      case bookshard.fb.RejectReason.INVALID_QUANTITY -> RejectReason.INVALID_QUANTITY;
      case bookshard.fb.RejectReason.INVALID_TIME_IN_FORCE -> RejectReason.INVALID_TIME_IN_FORCE;
      case bookshard.fb.RejectReason.UNKNOWN_ORDER -> RejectReason.UNKNOWN_ORDER;
      case bookshard.fb.RejectReason.NOT_ORDER_OWNER -> RejectReason.NOT_ORDER_OWNER;
      case bookshard.fb.RejectReason.WOULD_TAKE_LIQUIDITY -> RejectReason.WOULD_TAKE_LIQUIDITY;
      case bookshard.fb.RejectReason.FOK_NOT_FILLABLE -> RejectReason.FOK_NOT_FILLABLE;
      case bookshard.fb.RejectReason.DUPLICATE_CLIENT_ORDER_ID -> RejectReason.DUPLICATE_CLIENT_ORDER_ID;
      case bookshard.fb.RejectReason.UNKNOWN_SYMBOL -> RejectReason.UNKNOWN_SYMBOL;
      default -> throw new IllegalArgumentException("reject reason " + b);
    };
  }
}
