package bookshard.codec;

import bookshard.book.BookEvent.OrderAccepted;
import bookshard.book.BookEvent.OrderCancelled;
import bookshard.book.BookEvent.OrderReduced;
import bookshard.book.BookEvent.OrderReplaced;
import bookshard.book.BookEvent.OrderRested;
import bookshard.book.BookEvent.StopTriggered;
import bookshard.book.BookEvent.StopWaiting;
import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.BookEvent;
import bookshard.book.EventBatch;
import bookshard.codec.fb.FbEvent;
import bookshard.codec.fb.FbEventBatch;
import bookshard.codec.fb.FbEventEnvelope;
import bookshard.codec.fb.FbOrderAccepted;
import bookshard.codec.fb.FbCancelledFrom;
import bookshard.codec.fb.FbOrderCancelled;
import bookshard.codec.fb.FbOrderReduced;
import bookshard.codec.fb.FbOrderReplaced;
import bookshard.codec.fb.FbOrderRested;
import bookshard.codec.fb.FbStopTriggered;
import bookshard.codec.fb.FbStopWaiting;
import bookshard.codec.fb.FbTradeExecuted;
import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link EventBatch} to and from one FlatBuffers {@code FbEventBatch} (a journal row), and
 * {@link BookEvent} to and from one {@code FbEventEnvelope} (a row of the first schema, and the
 * element of every event vector).
 */
public final class EventCodec {
  private EventCodec() {}

  public static byte[] encode(EventBatch batch) {
    FlatBufferBuilder b = ReusedBuilder.take(64 + 96 * batch.events().size());
    int events = envelopes(b, batch.events());
    FbEventBatch.finishFbEventBatchBuffer(b, FbEventBatch.createFbEventBatch(b, batch.firstPosition(), events));
    return ReusedBuilder.bytes(b);
  }

  public static EventBatch decodeBatch(byte[] bytes) {
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    if (!FbEventBatch.FbEventBatchBufferHasIdentifier(bb)) {
      throw new IllegalArgumentException("not a bookshard event batch (file identifier BSEB missing)");
    }
    FbEventBatch batch = FbEventBatch.getRootAsFbEventBatch(bb);
    return new EventBatch(batch.firstPosition(), decodeEnvelopes(batch.eventsVector()));
  }

  /** The events as a vector of envelopes inside a larger buffer. */
  static int envelopes(FlatBufferBuilder b, List<BookEvent> events) {
    int[] offsets = new int[events.size()];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = envelope(b, events.get(i));
    }
    return FbEventBatch.createEventsVector(b, offsets);
  }

  static List<BookEvent> decodeEnvelopes(FbEventEnvelope.Vector v) {
    int n = v == null ? 0 : v.length();
    BookEvent[] events = new BookEvent[n];
    FbEventEnvelope env = new FbEventEnvelope();
    for (int i = 0; i < n; i++) {
      events[i] = decode(v.get(env, i));
    }
    return List.of(events);
  }

  public static byte[] encode(BookEvent event) {
    FlatBufferBuilder b = new FlatBufferBuilder(128);
    FbEventEnvelope.finishFbEventEnvelopeBuffer(b, envelope(b, event));
    return b.sizedByteArray();
  }

  /** The event as an envelope table inside a larger buffer. */
  static int envelope(FlatBufferBuilder b, BookEvent event) {
    int offset = encode(b, event);
    return FbEventEnvelope.createFbEventEnvelope(b, typeOf(event), offset);
  }

  private static byte typeOf(BookEvent e) {
    if (e instanceof TradeExecuted) {
      return FbEvent.FbTradeExecuted;
    } else if (e instanceof OrderAccepted) {
      return FbEvent.FbOrderAccepted;
    } else if (e instanceof OrderRested) {
      return FbEvent.FbOrderRested;
    } else if (e instanceof OrderCancelled) {
      return FbEvent.FbOrderCancelled;
    } else if (e instanceof OrderReduced) {
      return FbEvent.FbOrderReduced;
    } else if (e instanceof OrderReplaced) {
      return FbEvent.FbOrderReplaced;
    } else if (e instanceof StopWaiting) {
      return FbEvent.FbStopWaiting;
    } else if (e instanceof StopTriggered) {
      return FbEvent.FbStopTriggered;
    } else if (e instanceof BookEvent.HoldAbandoned) {
      return FbEvent.FbHoldAbandoned;
    }
    throw new IllegalArgumentException("no encoding for " + e);
  }

  static int encode(FlatBufferBuilder b, BookEvent e) {
    if (e instanceof TradeExecuted t) {
      return encodeTrade(b, t);
    } else if (e instanceof OrderAccepted a) {
      int account = string(b, a.account());
      int clientOrderId = string(b, a.clientOrderId());
      int holdAttempt = a.holdAttempt() == null ? 0 : b.createString(a.holdAttempt());
      return FbOrderAccepted.createFbOrderAccepted(
          b, a.orderId(), account, clientOrderId, Enums.side(a.side()), Enums.type(a.type()),
          Enums.tif(a.timeInForce()), a.priceTicks(), a.quantityLots(), a.timestampMillis(), a.stopPriceTicks(),
          a.expireAtMillis(), holdAttempt);
    } else if (e instanceof OrderRested r) {
      // An event read from an older row (no side) is written as it was read.
      return r.side() == null ? FbOrderRested.createFbOrderRested(b, r.orderId(), (byte) 0, 0, 0)
          : FbOrderRested.createFbOrderRested(b, r.orderId(), Enums.side(r.side()), r.priceTicks(), r.remainingLots());
    } else if (e instanceof OrderCancelled c) {
      int account = string(b, c.account());
      int clientOrderId = string(b, c.clientOrderId());
      return FbOrderCancelled.createFbOrderCancelled(b, c.orderId(), c.cancelledLots(), Enums.reason(c.reason()),
          c.timestampMillis(), account, clientOrderId, c.side() == null ? 0 : Enums.side(c.side()), c.priceTicks(),
          c.side() == null ? FbCancelledFrom.UNKNOWN : c.leftLevel() ? FbCancelledFrom.LEVEL : FbCancelledFrom.OFF_BOOK);
    } else if (e instanceof OrderReduced r) {
      int account = string(b, r.account());
      int clientOrderId = string(b, r.clientOrderId());
      return FbOrderReduced.createFbOrderReduced(b, r.orderId(), r.remainingLots(), r.timestampMillis(),
          account, clientOrderId, Enums.side(r.side()), r.priceTicks(), r.previousRemainingLots());
    } else if (e instanceof OrderReplaced r) {
      int account = string(b, r.account());
      int clientOrderId = string(b, r.clientOrderId());
      return FbOrderReplaced.createFbOrderReplaced(b, r.orderId(), r.priceTicks(), r.remainingLots(),
          r.timestampMillis(), account, clientOrderId, Enums.side(r.side()), r.previousPriceTicks(),
          r.previousRemainingLots());
    } else if (e instanceof StopWaiting w) {
      return FbStopWaiting.createFbStopWaiting(b, w.orderId());
    } else if (e instanceof StopTriggered t) {
      return FbStopTriggered.createFbStopTriggered(b, t.orderId(), t.lastPriceTicks(), t.timestampMillis(),
          string(b, t.account()), string(b, t.clientOrderId()));
    } else if (e instanceof BookEvent.HoldAbandoned h) {
      int account = string(b, h.account());
      int clientOrderId = string(b, h.clientOrderId());
      int holdAttempt = h.holdAttempt() == null ? 0 : b.createString(h.holdAttempt());
      return bookshard.codec.fb.FbHoldAbandoned.createFbHoldAbandoned(b, account, clientOrderId, h.timestampMillis(),
          holdAttempt);
    }
    throw new IllegalArgumentException("no encoding for " + e);
  }

  static int encodeTrade(FlatBufferBuilder b, TradeExecuted t) {
    int maker = string(b, t.makerAccount());
    int taker = string(b, t.takerAccount());
    int makerClient = string(b, t.makerClientOrderId());
    int takerClient = string(b, t.takerClientOrderId());
    return FbTradeExecuted.createFbTradeExecuted(
        b, t.matchId(), t.priceTicks(), t.quantityLots(), t.makerOrderId(), t.takerOrderId(), maker,
        taker, Enums.side(t.takerSide()), t.timestampMillis(), makerClient, takerClient, t.makerDone(), t.takerDone());
  }

  /**
   * An optional string (0, absent, for null), written once per buffer: a row names the same
   * accounts and clientOrderIds in many events (an order's acceptance, its fills, its cancel).
   */
  private static int string(FlatBufferBuilder b, String s) {
    return s == null ? 0 : b.createSharedString(s);
  }

  public static BookEvent decode(byte[] bytes) {
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    if (!FbEventEnvelope.FbEventEnvelopeBufferHasIdentifier(bb)) {
      throw new IllegalArgumentException("not a bookshard event (file identifier BSEV missing)");
    }
    return decode(FbEventEnvelope.getRootAsFbEventEnvelope(bb));
  }

  static BookEvent decode(FbEventEnvelope env) {
    switch (env.eventType()) {
      case FbEvent.FbTradeExecuted:
        return decodeTrade((FbTradeExecuted) env.event(new FbTradeExecuted()));
      case FbEvent.FbOrderAccepted: {
        var a = (FbOrderAccepted) env.event(new FbOrderAccepted());
        return new OrderAccepted(
            a.orderId(), a.account(), a.clientOrderId(), Enums.side(a.side()), Enums.type(a.type()),
            Enums.tif(a.timeInForce()), a.priceTicks(), a.quantityLots(), a.timestampMillis(), a.stopPriceTicks(),
            a.expireAtMillis(), a.holdAttempt());
      }
      case FbEvent.FbOrderRested: {
        var r = (FbOrderRested) env.event(new FbOrderRested());
        return r.remainingLots() == 0 ? new OrderRested(r.orderId())
            : new OrderRested(r.orderId(), Enums.side(r.side()), r.priceTicks(), r.remainingLots());
      }
      case FbEvent.FbOrderCancelled: {
        var c = (FbOrderCancelled) env.event(new FbOrderCancelled());
        boolean located = c.from() != FbCancelledFrom.UNKNOWN;
        return new OrderCancelled(c.orderId(), c.cancelledLots(), Enums.reason(c.reason()), c.timestampMillis(),
            c.account(), c.clientOrderId(), located ? Enums.side(c.side()) : null, located ? c.priceTicks() : 0,
            c.from() == FbCancelledFrom.LEVEL);
      }
      case FbEvent.FbOrderReduced: {
        var r = (FbOrderReduced) env.event(new FbOrderReduced());
        return new OrderReduced(r.orderId(), r.remainingLots(), r.timestampMillis(), r.account(), r.clientOrderId(),
            Enums.side(r.side()), r.priceTicks(), r.previousRemainingLots());
      }
      case FbEvent.FbOrderReplaced: {
        var r = (FbOrderReplaced) env.event(new FbOrderReplaced());
        return new OrderReplaced(r.orderId(), r.priceTicks(), r.remainingLots(), r.timestampMillis(), r.account(),
            r.clientOrderId(), Enums.side(r.side()), r.previousPriceTicks(), r.previousRemainingLots());
      }
      case FbEvent.FbStopWaiting:
        return new StopWaiting(((FbStopWaiting) env.event(new FbStopWaiting())).orderId());
      case FbEvent.FbStopTriggered: {
        var t = (FbStopTriggered) env.event(new FbStopTriggered());
        return new StopTriggered(t.orderId(), t.lastPriceTicks(), t.timestampMillis(), t.account(), t.clientOrderId());
      }
      case FbEvent.FbHoldAbandoned: {
        var h = (bookshard.codec.fb.FbHoldAbandoned) env.event(new bookshard.codec.fb.FbHoldAbandoned());
        return new BookEvent.HoldAbandoned(h.account(), h.clientOrderId(), h.timestampMillis(), h.holdAttempt());
      }
      default:
        throw new IllegalArgumentException("unknown event type " + env.eventType());
    }
  }

  /** Every trade of a vector, oldest first; an absent vector (null) is no trades. */
  static List<TradeExecuted> decodeTrades(FbTradeExecuted.Vector v) {
    int n = v == null ? 0 : v.length();
    List<TradeExecuted> trades = new ArrayList<>(n);
    FbTradeExecuted t = new FbTradeExecuted();
    for (int i = 0; i < n; i++) {
      trades.add(decodeTrade(v.get(t, i)));
    }
    return trades;
  }

  static TradeExecuted decodeTrade(FbTradeExecuted t) {
    return new TradeExecuted(
        t.matchId(), t.priceTicks(), t.quantityLots(), t.makerOrderId(), t.takerOrderId(),
        t.makerAccount(), t.takerAccount(), Enums.side(t.takerSide()), t.timestampMillis(), t.makerClientOrderId(),
        t.takerClientOrderId(), t.makerDone(), t.takerDone());
  }
}
