package bookshard.codec;

import bookshard.book.BookEvent;
import bookshard.book.BookEvent.OrderAccepted;
import bookshard.book.BookEvent.OrderCancelled;
import bookshard.book.BookEvent.OrderReduced;
import bookshard.book.BookEvent.OrderReplaced;
import bookshard.book.BookEvent.OrderRested;
import bookshard.book.BookEvent.TradeExecuted;
import bookshard.fb.Event;
import bookshard.fb.EventEnvelope;
import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** {@link BookEvent} to and from one FlatBuffers {@code EventEnvelope}. */
public final class EventCodec {
  private EventCodec() {}

  public static byte[] encode(BookEvent event) {
    FlatBufferBuilder b = new FlatBufferBuilder(128);
    int offset = encode(b, event);
    byte type = typeOf(event);
    EventEnvelope.finishEventEnvelopeBuffer(b, EventEnvelope.createEventEnvelope(b, type, offset));
    return b.sizedByteArray();
  }

  private static byte typeOf(BookEvent e) {
    if (e instanceof TradeExecuted) {
      return Event.TradeExecuted;
    } else if (e instanceof OrderAccepted) {
      return Event.OrderAccepted;
    } else if (e instanceof OrderRested) {
      return Event.OrderRested;
    } else if (e instanceof OrderCancelled) {
      return Event.OrderCancelled;
    } else if (e instanceof OrderReduced) {
      return Event.OrderReduced;
    } else if (e instanceof OrderReplaced) {
      return Event.OrderReplaced;
    }
    throw new IllegalArgumentException("no encoding for " + e);
  }

  static int encode(FlatBufferBuilder b, BookEvent e) {
    if (e instanceof TradeExecuted t) {
      return encodeTrade(b, t);
    } else if (e instanceof OrderAccepted a) {
      int account = b.createString(a.account());
      int clientOrderId = a.clientOrderId() == null ? 0 : b.createString(a.clientOrderId());
      return bookshard.fb.OrderAccepted.createOrderAccepted(
          b, a.orderId(), account, clientOrderId, Enums.side(a.side()), Enums.type(a.type()),
          Enums.tif(a.timeInForce()), a.priceTicks(), a.quantityLots(), a.timestampMillis());
    } else if (e instanceof OrderRested r) {
      return bookshard.fb.OrderRested.createOrderRested(b, r.orderId());
    } else if (e instanceof OrderCancelled c) {
      return bookshard.fb.OrderCancelled.createOrderCancelled(
          b, c.orderId(), c.cancelledLots(), Enums.reason(c.reason()), c.timestampMillis());
    } else if (e instanceof OrderReduced r) {
      return bookshard.fb.OrderReduced.createOrderReduced(b, r.orderId(), r.remainingLots(), r.timestampMillis());
    } else if (e instanceof OrderReplaced r) {
      return bookshard.fb.OrderReplaced.createOrderReplaced(
          b, r.orderId(), r.priceTicks(), r.remainingLots(), r.timestampMillis());
    }
    throw new IllegalArgumentException("no encoding for " + e);
  }

  static int encodeTrade(FlatBufferBuilder b, TradeExecuted t) {
    int maker = b.createString(t.makerAccount());
    int taker = b.createString(t.takerAccount());
    return bookshard.fb.TradeExecuted.createTradeExecuted(
        b, t.matchId(), t.priceTicks(), t.quantityLots(), t.makerOrderId(), t.takerOrderId(), maker,
        taker, Enums.side(t.takerSide()), t.timestampMillis());
  }

  public static BookEvent decode(byte[] bytes) {
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    if (!EventEnvelope.EventEnvelopeBufferHasIdentifier(bb)) {
      throw new IllegalArgumentException("not a bookshard event (file identifier BSEV missing)");
    }
    EventEnvelope env = EventEnvelope.getRootAsEventEnvelope(bb);
    switch (env.eventType()) {
      case Event.TradeExecuted:
        return decodeTrade((bookshard.fb.TradeExecuted) env.event(new bookshard.fb.TradeExecuted()));
      case Event.OrderAccepted: {
        var a = (bookshard.fb.OrderAccepted) env.event(new bookshard.fb.OrderAccepted());
        return new OrderAccepted(
            a.orderId(), a.account(), a.clientOrderId(), Enums.side(a.side()), Enums.type(a.type()),
            Enums.tif(a.timeInForce()), a.priceTicks(), a.quantityLots(), a.timestampMillis());
      }
      case Event.OrderRested: {
        var r = (bookshard.fb.OrderRested) env.event(new bookshard.fb.OrderRested());
        return new OrderRested(r.orderId());
      }
      case Event.OrderCancelled: {
        var c = (bookshard.fb.OrderCancelled) env.event(new bookshard.fb.OrderCancelled());
        return new OrderCancelled(c.orderId(), c.cancelledLots(), Enums.reason(c.reason()), c.timestampMillis());
      }
      case Event.OrderReduced: {
        var r = (bookshard.fb.OrderReduced) env.event(new bookshard.fb.OrderReduced());
        return new OrderReduced(r.orderId(), r.remainingLots(), r.timestampMillis());
      }
      case Event.OrderReplaced: {
        var r = (bookshard.fb.OrderReplaced) env.event(new bookshard.fb.OrderReplaced());
        return new OrderReplaced(r.orderId(), r.priceTicks(), r.remainingLots(), r.timestampMillis());
      }
      default:
        throw new IllegalArgumentException("unknown event type " + env.eventType());
    }
  }

  /** Every trade of a vector, oldest first; an absent vector (null) is no trades. */
  static List<TradeExecuted> decodeTrades(bookshard.fb.TradeExecuted.Vector v) {
    int n = v == null ? 0 : v.length();
    List<TradeExecuted> trades = new ArrayList<>(n);
    bookshard.fb.TradeExecuted t = new bookshard.fb.TradeExecuted();
    for (int i = 0; i < n; i++) {
      trades.add(decodeTrade(v.get(t, i)));
    }
    return trades;
  }

  static TradeExecuted decodeTrade(bookshard.fb.TradeExecuted t) {
    return new TradeExecuted(
        t.matchId(), t.priceTicks(), t.quantityLots(), t.makerOrderId(), t.takerOrderId(),
        t.makerAccount(), t.takerAccount(), Enums.side(t.takerSide()), t.timestampMillis());
  }
}
