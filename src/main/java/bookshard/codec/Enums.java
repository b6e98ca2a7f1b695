package bookshard.codec;

import bookshard.book.CancelReason;
import bookshard.book.OrderType;
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
}
