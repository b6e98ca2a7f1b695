package bookshard.codec;

import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.LevelView;
import bookshard.book.NewOrder;
import bookshard.book.OrderView;
import bookshard.book.Outcome;
import bookshard.codec.fb.FbAcceptedReply;
import bookshard.codec.fb.FbAmendCommand;
import bookshard.codec.fb.FbBookReply;
import bookshard.codec.fb.FbCancelAllCommand;
import bookshard.codec.fb.FbCancelByClientOrderIdCommand;
import bookshard.codec.fb.FbCancelCommand;
import bookshard.codec.fb.FbCommand;
import bookshard.codec.fb.FbBatchCommand;
import bookshard.codec.fb.FbBatchItem;
import bookshard.codec.fb.FbCommandEnvelope;
import bookshard.codec.fb.FbRepliesReply;
import bookshard.codec.fb.FbReplyItem;
import bookshard.codec.fb.FbGetBookCommand;
import bookshard.codec.fb.FbGetOrderCommand;
import bookshard.codec.fb.FbGetRestingOrdersCommand;
import bookshard.codec.fb.FbGetTradesCommand;
import bookshard.codec.fb.FbFinishedOrderReply;
import bookshard.codec.fb.FbLevel;
import bookshard.codec.fb.FbMassCancelledReply;
import bookshard.codec.fb.FbOrderReply;
import bookshard.codec.fb.FbOverloadedReply;
import bookshard.codec.fb.FbPlaceCommand;
import bookshard.codec.fb.FbRejectedReply;
import bookshard.codec.fb.FbReply;
import bookshard.codec.fb.FbReplyEnvelope;
import bookshard.codec.fb.FbRestingOrder;
import bookshard.codec.fb.FbRestingOrdersReply;
import bookshard.codec.fb.FbTradesReply;
import bookshard.protocol.BookCommand;
import bookshard.protocol.BookReply;
import bookshard.protocol.BookRequest;
import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/** Commands and replies that cross nodes, as FlatBuffers; reply addresses go as strings. */
final class MessageCodec {
  private final Function<ActorRef<?>, String> refToString;
  private final Function<String, ActorRef<BookReply>> stringToRef;

  MessageCodec(Function<ActorRef<?>, String> refToString, Function<String, ActorRef<BookReply>> stringToRef) {
    this.refToString = refToString;
    this.stringToRef = stringToRef;
  }

  // ------------------------------------------------------------------ commands

  byte[] encode(BookCommand c) {
    FlatBufferBuilder b = new FlatBufferBuilder(128);
    int replyTo = b.createString(refToString.apply(c.replyTo()));
    long typeAndBody = request(b, c.request());
    FbCommandEnvelope.finishFbCommandEnvelopeBuffer(b,
        FbCommandEnvelope.createFbCommandEnvelope(b, replyTo, type(typeAndBody), body(typeAndBody)));
    return b.sizedByteArray();
  }

  /** A union member's type and table offset, in one long (type in the high half). */
  private static long typeAndBody(byte type, int body) {
    return ((long) type << 32) | (body & 0xFFFFFFFFL);
  }

  private static byte type(long typeAndBody) {
    return (byte) (typeAndBody >>> 32);
  }

  private static int body(long typeAndBody) {
    return (int) typeAndBody;
  }

  private static long request(FlatBufferBuilder b, BookRequest request) {
    byte type;
    int body;
    if (request instanceof BookRequest.Place p) {
      NewOrder o = p.order();
      int account = b.createString(o.account());
      int clientOrderId = o.clientOrderId() == null ? 0 : b.createString(o.clientOrderId());
      int holdAttempt = p.holdAttempt() == null ? 0 : b.createString(p.holdAttempt());
      type = FbCommand.FbPlaceCommand;
      body = FbPlaceCommand.createFbPlaceCommand(b, account, clientOrderId, Enums.side(o.side()), Enums.type(o.type()),
          Enums.tif(o.timeInForce()), o.priceTicks(), o.quantityLots(), o.stopPriceTicks(), o.expireAtMillis(),
          o.maxNotional(), holdAttempt, p.holdDeadlineMillis());
    } else if (request instanceof BookRequest.Cancel x) {
      type = FbCommand.FbCancelCommand;
      body = FbCancelCommand.createFbCancelCommand(b, x.orderId(), b.createString(x.account()));
    } else if (request instanceof BookRequest.CancelByClientOrderId x) {
      int account = b.createString(x.account());
      int clientOrderId = b.createString(x.clientOrderId());
      type = FbCommand.FbCancelByClientOrderIdCommand;
      body = FbCancelByClientOrderIdCommand.createFbCancelByClientOrderIdCommand(b, account, clientOrderId);
    } else if (request instanceof BookRequest.Amend x) {
      type = FbCommand.FbAmendCommand;
      body = FbAmendCommand.createFbAmendCommand(b, x.orderId(), b.createString(x.account()), x.priceTicks(), x.quantityLots());
    } else if (request instanceof BookRequest.GetBook x) {
      type = FbCommand.FbGetBookCommand;
      body = FbGetBookCommand.createFbGetBookCommand(b, x.depth());
    } else if (request instanceof BookRequest.GetOrder x) {
      type = FbCommand.FbGetOrderCommand;
      body = FbGetOrderCommand.createFbGetOrderCommand(b, x.orderId());
    } else if (request instanceof BookRequest.GetRestingOrders x) {
      type = FbCommand.FbGetRestingOrdersCommand;
      body = FbGetRestingOrdersCommand.createFbGetRestingOrdersCommand(
          b, x.account() == null ? 0 : b.createString(x.account()), x.limit());
    } else if (request instanceof BookRequest.GetTrades x) {
      type = FbCommand.FbGetTradesCommand;
      body = FbGetTradesCommand.createFbGetTradesCommand(b, x.afterMatchId(), x.limit());
    } else if (request instanceof BookRequest.CancelAll x) {
      type = FbCommand.FbCancelAllCommand;
      body = FbCancelAllCommand.createFbCancelAllCommand(b, b.createString(x.account()));
    } else if (request instanceof BookRequest.AbandonHold x) {
      int account = b.createString(x.account());
      int clientOrderId = b.createString(x.clientOrderId());
      type = FbCommand.FbAbandonHoldCommand;
      int holdAttempt = x.holdAttempt() == null ? 0 : b.createString(x.holdAttempt());
      body = bookshard.codec.fb.FbAbandonHoldCommand.createFbAbandonHoldCommand(b, account, clientOrderId, holdAttempt);
    } else if (request instanceof BookRequest.Batch x) {
      int[] items = new int[x.items().size()];
      for (int i = 0; i < items.length; i++) {
        BookRequest.Batch.Item item = x.items().get(i);
        long inner = request(b, item.request());
        items[i] = FbBatchItem.createFbBatchItem(b, item.id(), type(inner), body(inner));
      }
      type = FbCommand.FbBatchCommand;
      body = FbBatchCommand.createFbBatchCommand(b, FbBatchCommand.createItemsVector(b, items));
    } else {
      throw new IllegalArgumentException("no encoding for " + request);
    }
    return typeAndBody(type, body);
  }

  BookCommand decodeCommand(byte[] bytes) {
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    if (!FbCommandEnvelope.FbCommandEnvelopeBufferHasIdentifier(bb)) {
      throw new IllegalArgumentException("not a bookshard command");
    }
    FbCommandEnvelope env = FbCommandEnvelope.getRootAsFbCommandEnvelope(bb);
    return new BookCommand(request(env.commandType(), env::command), stringToRef.apply(env.replyTo()));
  }

  /** The request in a command union: {@code body} reads the union's table into the object it is given. */
  private static BookRequest request(byte type, java.util.function.UnaryOperator<com.google.flatbuffers.Table> body) {
    switch (type) {
      case FbCommand.FbPlaceCommand: {
        var p = (FbPlaceCommand) body.apply(new FbPlaceCommand());
        return new BookRequest.Place(new NewOrder(p.account(), p.clientOrderId(), Enums.side(p.side()),
            Enums.type(p.type()), Enums.tif(p.timeInForce()), p.priceTicks(), p.quantityLots(), p.stopPriceTicks(),
            p.expireAtMillis(), p.maxNotional()), p.holdAttempt(), p.holdDeadlineMillis());
      }
      case FbCommand.FbCancelCommand: {
        var x = (FbCancelCommand) body.apply(new FbCancelCommand());
        return new BookRequest.Cancel(x.orderId(), x.account());
      }
      case FbCommand.FbAmendCommand: {
        var x = (FbAmendCommand) body.apply(new FbAmendCommand());
        return new BookRequest.Amend(x.orderId(), x.account(), x.priceTicks(), x.quantityLots());
      }
      case FbCommand.FbGetBookCommand:
        return new BookRequest.GetBook(((FbGetBookCommand) body.apply(new FbGetBookCommand())).depth());
      case FbCommand.FbGetOrderCommand:
        return new BookRequest.GetOrder(((FbGetOrderCommand) body.apply(new FbGetOrderCommand())).orderId());
      case FbCommand.FbGetRestingOrdersCommand: {
        var x = (FbGetRestingOrdersCommand) body.apply(new FbGetRestingOrdersCommand());
        return new BookRequest.GetRestingOrders(x.account(), x.limit());
      }
      case FbCommand.FbCancelByClientOrderIdCommand: {
        var x = (FbCancelByClientOrderIdCommand) body.apply(new FbCancelByClientOrderIdCommand());
        return new BookRequest.CancelByClientOrderId(x.account(), x.clientOrderId());
      }
      case FbCommand.FbGetTradesCommand: {
        var x = (FbGetTradesCommand) body.apply(new FbGetTradesCommand());
        return new BookRequest.GetTrades(x.afterMatchId(), x.limit());
      }
      case FbCommand.FbCancelAllCommand:
        return new BookRequest.CancelAll(((FbCancelAllCommand) body.apply(new FbCancelAllCommand())).account());
      case FbCommand.FbAbandonHoldCommand: {
        var a = (bookshard.codec.fb.FbAbandonHoldCommand) body.apply(new bookshard.codec.fb.FbAbandonHoldCommand());
        return new BookRequest.AbandonHold(a.account(), a.clientOrderId(), a.holdAttempt());
      }
      case FbCommand.FbBatchCommand: {
        var x = (FbBatchCommand) body.apply(new FbBatchCommand());
        List<BookRequest.Batch.Item> items = new ArrayList<>(x.itemsLength());
        FbBatchItem item = new FbBatchItem();
        for (int i = 0; i < x.itemsLength(); i++) {
          FbBatchItem it = x.items(item, i);
          items.add(new BookRequest.Batch.Item(it.id(), request(it.commandType(), it::command)));
        }
        return new BookRequest.Batch(items);
      }
      default:
        throw new IllegalArgumentException("unknown command type " + type);
    }
  }

  // ------------------------------------------------------------------ replies

  byte[] encode(BookReply r) {
    FlatBufferBuilder b = new FlatBufferBuilder(256);
    long typeAndBody = reply(b, r);
    FbReplyEnvelope.finishFbReplyEnvelopeBuffer(b, FbReplyEnvelope.createFbReplyEnvelope(b, type(typeAndBody), body(typeAndBody)));
    return b.sizedByteArray();
  }

  private static long reply(FlatBufferBuilder b, BookReply r) {
    byte type;
    int body;
    if (r instanceof BookReply.Accepted a) {
      Outcome o = a.outcome();
      int fills = FbAcceptedReply.createFillsVector(b, trades(b, o.fills()));
      type = FbReply.FbAcceptedReply;
      body = FbAcceptedReply.createFbAcceptedReply(b, o.orderId(), Enums.status(o.status()), o.remainingLots(), fills,
          a.duplicate());
    } else if (r instanceof BookReply.Rejected x) {
      type = FbReply.FbRejectedReply;
      body = FbRejectedReply.createFbRejectedReply(b, Enums.reject(x.reason()));
    } else if (r instanceof BookReply.Book x) {
      int hostedBy = b.createString(x.hostedBy());
      int bids = levels(b, x.bids());
      int asks = levels(b, x.asks());
      type = FbReply.FbBookReply;
      body = FbBookReply.createFbBookReply(b, bids, asks, x.lastMatchId(), hostedBy, x.sequenceNr());
    } else if (r instanceof BookReply.Order x) {
      int order = SnapshotCodec.encodeOrder(b, x.order());
      type = FbReply.FbOrderReply;
      body = FbOrderReply.createFbOrderReply(b, order);
    } else if (r instanceof BookReply.RestingOrders x) {
      int bids = FbRestingOrdersReply.createBidsVector(b, orders(b, x.bids()));
      int asks = FbRestingOrdersReply.createAsksVector(b, orders(b, x.asks()));
      int stops = FbRestingOrdersReply.createStopsVector(b, orders(b, x.stops()));
      type = FbReply.FbRestingOrdersReply;
      body = FbRestingOrdersReply.createFbRestingOrdersReply(b, bids, asks, x.nextOrderId(), x.nextMatchId(), stops);
    } else if (r instanceof BookReply.FinishedOrder x) {
      type = FbReply.FbFinishedOrderReply;
      body = FbFinishedOrderReply.createFbFinishedOrderReply(b, SnapshotCodec.encodeFinished(b, x.finished()));
    } else if (r instanceof BookReply.MassCancelled x) {
      type = FbReply.FbMassCancelledReply;
      body = FbMassCancelledReply.createFbMassCancelledReply(b, FbMassCancelledReply.createOrderIdsVector(b,
          x.orderIds().stream().mapToLong(Long::longValue).toArray()));
    } else if (r instanceof BookReply.Overloaded) {
      type = FbReply.FbOverloadedReply;
      FbOverloadedReply.startFbOverloadedReply(b);
      body = FbOverloadedReply.endFbOverloadedReply(b);
    } else if (r instanceof BookReply.Trades x) {
      int trades = FbTradesReply.createTradesVector(b, trades(b, x.trades()));
      type = FbReply.FbTradesReply;
      body = FbTradesReply.createFbTradesReply(b, trades, x.lastMatchId(), x.oldestMatchId());
    } else if (r instanceof BookReply.Replies x) {
      int[] items = new int[x.items().size()];
      for (int i = 0; i < items.length; i++) {
        BookReply.Replies.Item item = x.items().get(i);
        long inner = reply(b, item.reply());
        items[i] = FbReplyItem.createFbReplyItem(b, item.id(), type(inner), body(inner));
      }
      type = FbReply.FbRepliesReply;
      body = FbRepliesReply.createFbRepliesReply(b, FbRepliesReply.createItemsVector(b, items));
    } else {
      throw new IllegalArgumentException("no encoding for " + r);
    }
    return typeAndBody(type, body);
  }

  private static int[] trades(FlatBufferBuilder b, List<TradeExecuted> trades) {
    int[] out = new int[trades.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = EventCodec.encodeTrade(b, trades.get(i));
    }
    return out;
  }

  private static int[] orders(FlatBufferBuilder b, List<OrderView> orders) {
    int[] out = new int[orders.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = SnapshotCodec.encodeOrder(b, orders.get(i));
    }
    return out;
  }

  /** A vector of structs is written back to front. */
  private static int levels(FlatBufferBuilder b, List<LevelView> levels) {
    FbBookReply.startBidsVector(b, levels.size());
    for (int i = levels.size() - 1; i >= 0; i--) {
      LevelView l = levels.get(i);
      FbLevel.createFbLevel(b, l.priceTicks(), l.quantityLots(), l.orderCount());
    }
    return b.endVector();
  }

  BookReply decodeReply(byte[] bytes) {
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    if (!FbReplyEnvelope.FbReplyEnvelopeBufferHasIdentifier(bb)) {
      throw new IllegalArgumentException("not a bookshard reply");
    }
    FbReplyEnvelope env = FbReplyEnvelope.getRootAsFbReplyEnvelope(bb);
    return reply(env.replyType(), env::reply);
  }

  /** The reply in a reply union: {@code body} reads the union's table into the object it is given. */
  private static BookReply reply(byte type, java.util.function.UnaryOperator<com.google.flatbuffers.Table> body) {
    switch (type) {
      case FbReply.FbAcceptedReply: {
        var a = (FbAcceptedReply) body.apply(new FbAcceptedReply());
        List<TradeExecuted> fills = EventCodec.decodeTrades(a.fillsVector());
        return new BookReply.Accepted(
            new Outcome(a.orderId(), Enums.status(a.status()), a.remainingLots(), List.copyOf(fills)), a.duplicate());
      }
      case FbReply.FbRejectedReply:
        return new BookReply.Rejected(Enums.reject(((FbRejectedReply) body.apply(new FbRejectedReply())).reason()));
      case FbReply.FbBookReply: {
        var x = (FbBookReply) body.apply(new FbBookReply());
        List<LevelView> bids = new ArrayList<>(x.bidsLength());
        for (int i = 0; i < x.bidsLength(); i++) {
          FbLevel l = x.bids(i);
          bids.add(new LevelView(l.priceTicks(), l.quantityLots(), l.orderCount()));
        }
        List<LevelView> asks = new ArrayList<>(x.asksLength());
        for (int i = 0; i < x.asksLength(); i++) {
          FbLevel l = x.asks(i);
          asks.add(new LevelView(l.priceTicks(), l.quantityLots(), l.orderCount()));
        }
        return new BookReply.Book(bids, asks, x.lastMatchId(), x.hostedBy(), x.sequenceNr());
      }
      case FbReply.FbOrderReply:
        return new BookReply.Order(SnapshotCodec.decodeOrder(((FbOrderReply) body.apply(new FbOrderReply())).order()));
      case FbReply.FbRestingOrdersReply: {
        var x = (FbRestingOrdersReply) body.apply(new FbRestingOrdersReply());
        List<OrderView> bids = new ArrayList<>(x.bidsLength());
        FbRestingOrder o = new FbRestingOrder();
        for (int i = 0; i < x.bidsLength(); i++) {
          bids.add(SnapshotCodec.decodeOrder(x.bids(o, i)));
        }
        List<OrderView> asks = new ArrayList<>(x.asksLength());
        for (int i = 0; i < x.asksLength(); i++) {
          asks.add(SnapshotCodec.decodeOrder(x.asks(o, i)));
        }
        List<OrderView> stops = new ArrayList<>(x.stopsLength());
        for (int i = 0; i < x.stopsLength(); i++) {
          stops.add(SnapshotCodec.decodeOrder(x.stops(o, i)));
        }
        return new BookReply.RestingOrders(bids, asks, x.nextOrderId(), x.nextMatchId(), stops);
      }
      case FbReply.FbTradesReply: {
        var x = (FbTradesReply) body.apply(new FbTradesReply());
        return new BookReply.Trades(EventCodec.decodeTrades(x.tradesVector()), x.lastMatchId(), x.oldestMatchId());
      }
      case FbReply.FbOverloadedReply:
        return new BookReply.Overloaded();
      case FbReply.FbFinishedOrderReply:
        return new BookReply.FinishedOrder(SnapshotCodec.decodeFinished(
            ((FbFinishedOrderReply) body.apply(new FbFinishedOrderReply())).finished()));
      case FbReply.FbMassCancelledReply: {
        var x = (FbMassCancelledReply) body.apply(new FbMassCancelledReply());
        List<Long> ids = new ArrayList<>(x.orderIdsLength());
        for (int i = 0; i < x.orderIdsLength(); i++) {
          ids.add(x.orderIds(i));
        }
        return new BookReply.MassCancelled(List.copyOf(ids));
      }
      case FbReply.FbRepliesReply: {
        var x = (FbRepliesReply) body.apply(new FbRepliesReply());
        List<BookReply.Replies.Item> items = new ArrayList<>(x.itemsLength());
        FbReplyItem item = new FbReplyItem();
        for (int i = 0; i < x.itemsLength(); i++) {
          FbReplyItem it = x.items(item, i);
          items.add(new BookReply.Replies.Item(it.id(), reply(it.replyType(), it::reply)));
        }
        return new BookReply.Replies(items);
      }
      default:
        throw new IllegalArgumentException("unknown reply type " + type);
    }
  }
}
