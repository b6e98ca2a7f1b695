package bookshard.codec;

import bookshard.book.CancelReason;
import bookshard.book.OrderStatus;
import bookshard.book.OrderType;
import bookshard.book.RejectReason;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import bookshard.codec.fb.FbCancelReason;
import bookshard.codec.fb.FbOrderStatus;
import bookshard.codec.fb.FbOrderType;
import bookshard.codec.fb.FbRejectReason;
import bookshard.codec.fb.FbSide;
import bookshard.codec.fb.FbTimeInForce;

/**
 * Java enums to FlatBuffers bytes by explicit mapping, never by ordinal: reordering a Java enum
 * must not change what old journal rows mean.
 */
final class Enums {
  private Enums() {}

  static byte side(Side s) {
    return switch (s) {
      case BUY -> FbSide.BUY;
      case SELL -> FbSide.SELL;
    };
  }

  static Side side(byte b) {
    return switch (b) {
      case FbSide.BUY -> Side.BUY;
      case FbSide.SELL -> Side.SELL;
      default -> throw new IllegalArgumentException("side " + b);
    };
  }

  static byte type(OrderType t) {
    return switch (t) {
      case LIMIT -> FbOrderType.LIMIT;
      case MARKET -> FbOrderType.MARKET;
      case STOP -> FbOrderType.STOP;
      case STOP_LIMIT -> FbOrderType.STOP_LIMIT;
    };
  }

  static OrderType type(byte b) {
    return switch (b) {
      case FbOrderType.LIMIT -> OrderType.LIMIT;
      case FbOrderType.MARKET -> OrderType.MARKET;
      case FbOrderType.STOP -> OrderType.STOP;
      case FbOrderType.STOP_LIMIT -> OrderType.STOP_LIMIT;
      default -> throw new IllegalArgumentException("order type " + b);
    };
  }

  static byte tif(TimeInForce t) {
    return switch (t) {
      case GTC -> FbTimeInForce.GTC;
      case IOC -> FbTimeInForce.IOC;
      case FOK -> FbTimeInForce.FOK;
      case POST_ONLY -> FbTimeInForce.POST_ONLY;
      case GTD -> FbTimeInForce.GTD;
    };
  }

  static TimeInForce tif(byte b) {
    return switch (b) {
      case FbTimeInForce.GTC -> TimeInForce.GTC;
      case FbTimeInForce.IOC -> TimeInForce.IOC;
      case FbTimeInForce.FOK -> TimeInForce.FOK;
      case FbTimeInForce.POST_ONLY -> TimeInForce.POST_ONLY;
      case FbTimeInForce.GTD -> TimeInForce.GTD;
      default -> throw new IllegalArgumentException("time in force " + b);
    };
  }

  static byte reason(CancelReason r) {
    return switch (r) {
      case USER -> FbCancelReason.USER;
      case UNFILLED_REMAINDER -> FbCancelReason.UNFILLED_REMAINDER;
      case SELF_TRADE_PREVENTION -> FbCancelReason.SELF_TRADE_PREVENTION;
      case EXPIRED -> FbCancelReason.EXPIRED;
    };
  }

  static CancelReason reason(byte b) {
    return switch (b) {
      case FbCancelReason.USER -> CancelReason.USER;
      case FbCancelReason.UNFILLED_REMAINDER -> CancelReason.UNFILLED_REMAINDER;
      case FbCancelReason.SELF_TRADE_PREVENTION -> CancelReason.SELF_TRADE_PREVENTION;
      case FbCancelReason.EXPIRED -> CancelReason.EXPIRED;
      default -> throw new IllegalArgumentException("cancel reason " + b);
    };
  }

  static byte status(OrderStatus s) {
    return switch (s) {
      case RESTING -> FbOrderStatus.RESTING;
      case PARTIALLY_FILLED_RESTING -> FbOrderStatus.PARTIALLY_FILLED_RESTING;
      case FILLED -> FbOrderStatus.FILLED;
      case CANCELLED -> FbOrderStatus.CANCELLED;
      case STOP_WAITING -> FbOrderStatus.STOP_WAITING;
    };
  }

  static OrderStatus status(byte b) {
    return switch (b) {
      case FbOrderStatus.RESTING -> OrderStatus.RESTING;
      case FbOrderStatus.PARTIALLY_FILLED_RESTING -> OrderStatus.PARTIALLY_FILLED_RESTING;
      case FbOrderStatus.FILLED -> OrderStatus.FILLED;
      case FbOrderStatus.CANCELLED -> OrderStatus.CANCELLED;
      case FbOrderStatus.STOP_WAITING -> OrderStatus.STOP_WAITING;
      default -> throw new IllegalArgumentException("order status " + b);
    };
  }

  static byte reject(RejectReason r) {
    return switch (r) {
      case INVALID_PRICE -> FbRejectReason.INVALID_PRICE;
      case INVALID_QUANTITY -> FbRejectReason.INVALID_QUANTITY;
      case INVALID_TIME_IN_FORCE -> FbRejectReason.INVALID_TIME_IN_FORCE;
      case UNKNOWN_ORDER -> FbRejectReason.UNKNOWN_ORDER;
      case NOT_ORDER_OWNER -> FbRejectReason.NOT_ORDER_OWNER;
      case WOULD_TAKE_LIQUIDITY -> FbRejectReason.WOULD_TAKE_LIQUIDITY;
      case FOK_NOT_FILLABLE -> FbRejectReason.FOK_NOT_FILLABLE;
      case DUPLICATE_CLIENT_ORDER_ID -> FbRejectReason.DUPLICATE_CLIENT_ORDER_ID;
      case UNKNOWN_SYMBOL -> FbRejectReason.UNKNOWN_SYMBOL;
      case PRICE_NOT_ON_TICK -> FbRejectReason.PRICE_NOT_ON_TICK;
      case QUANTITY_NOT_ON_LOT -> FbRejectReason.QUANTITY_NOT_ON_LOT;
      case QUANTITY_BELOW_MIN -> FbRejectReason.QUANTITY_BELOW_MIN;
      case QUANTITY_ABOVE_MAX -> FbRejectReason.QUANTITY_ABOVE_MAX;
      case NOTIONAL_BELOW_MIN -> FbRejectReason.NOTIONAL_BELOW_MIN;
      case PRICE_OUTSIDE_BAND -> FbRejectReason.PRICE_OUTSIDE_BAND;
      case INVALID_STOP_PRICE -> FbRejectReason.INVALID_STOP_PRICE;
      case WOULD_TRIGGER_IMMEDIATELY -> FbRejectReason.WOULD_TRIGGER_IMMEDIATELY;
      case INVALID_EXPIRE_TIME -> FbRejectReason.INVALID_EXPIRE_TIME;
      case NOT_AMENDABLE -> FbRejectReason.NOT_AMENDABLE;
      case INSUFFICIENT_FUNDS -> FbRejectReason.INSUFFICIENT_FUNDS;
      case BUY_NEEDS_LIMIT_PRICE -> FbRejectReason.BUY_NEEDS_LIMIT_PRICE;
      case AMEND_NOT_FUNDED -> FbRejectReason.AMEND_NOT_FUNDED;
      case INVALID_MAX_NOTIONAL -> FbRejectReason.INVALID_MAX_NOTIONAL;
      case MAX_NOTIONAL_EXCEEDED -> FbRejectReason.MAX_NOTIONAL_EXCEEDED;
    };
  }

  static RejectReason reject(byte b) {
    return switch (b) {
      case FbRejectReason.INVALID_PRICE -> RejectReason.INVALID_PRICE;
      case FbRejectReason.INVALID_QUANTITY -> RejectReason.INVALID_QUANTITY;
      case FbRejectReason.INVALID_TIME_IN_FORCE -> RejectReason.INVALID_TIME_IN_FORCE;
      case FbRejectReason.UNKNOWN_ORDER -> RejectReason.UNKNOWN_ORDER;
      case FbRejectReason.NOT_ORDER_OWNER -> RejectReason.NOT_ORDER_OWNER;
      case FbRejectReason.WOULD_TAKE_LIQUIDITY -> RejectReason.WOULD_TAKE_LIQUIDITY;
      case FbRejectReason.FOK_NOT_FILLABLE -> RejectReason.FOK_NOT_FILLABLE;
      case FbRejectReason.DUPLICATE_CLIENT_ORDER_ID -> RejectReason.DUPLICATE_CLIENT_ORDER_ID;
      case FbRejectReason.UNKNOWN_SYMBOL -> RejectReason.UNKNOWN_SYMBOL;
      case FbRejectReason.PRICE_NOT_ON_TICK -> RejectReason.PRICE_NOT_ON_TICK;
      case FbRejectReason.QUANTITY_NOT_ON_LOT -> RejectReason.QUANTITY_NOT_ON_LOT;
      case FbRejectReason.QUANTITY_BELOW_MIN -> RejectReason.QUANTITY_BELOW_MIN;
      case FbRejectReason.QUANTITY_ABOVE_MAX -> RejectReason.QUANTITY_ABOVE_MAX;
      case FbRejectReason.NOTIONAL_BELOW_MIN -> RejectReason.NOTIONAL_BELOW_MIN;
      case FbRejectReason.PRICE_OUTSIDE_BAND -> RejectReason.PRICE_OUTSIDE_BAND;
      case FbRejectReason.INVALID_STOP_PRICE -> RejectReason.INVALID_STOP_PRICE;
      case FbRejectReason.WOULD_TRIGGER_IMMEDIATELY -> RejectReason.WOULD_TRIGGER_IMMEDIATELY;
      case FbRejectReason.INVALID_EXPIRE_TIME -> RejectReason.INVALID_EXPIRE_TIME;
      case FbRejectReason.NOT_AMENDABLE -> RejectReason.NOT_AMENDABLE;
      case FbRejectReason.INSUFFICIENT_FUNDS -> RejectReason.INSUFFICIENT_FUNDS;
      case FbRejectReason.BUY_NEEDS_LIMIT_PRICE -> RejectReason.BUY_NEEDS_LIMIT_PRICE;
      case FbRejectReason.AMEND_NOT_FUNDED -> RejectReason.AMEND_NOT_FUNDED;
      case FbRejectReason.INVALID_MAX_NOTIONAL -> RejectReason.INVALID_MAX_NOTIONAL;
      case FbRejectReason.MAX_NOTIONAL_EXCEEDED -> RejectReason.MAX_NOTIONAL_EXCEEDED;
      default -> throw new IllegalArgumentException("reject reason " + b);
    };
  }
}
