package bookshard.codec;

import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.LevelView;
import bookshard.book.NewOrder;
import bookshard.book.OrderView;
import bookshard.book.Outcome;
import bookshard.entity.BookCommand;
import bookshard.entity.BookReply;
import bookshard.fb.AcceptedReply;
import bookshard.fb.AmendCommand;
import bookshard.fb.CancelCommand;
import bookshard.fb.Command;
import bookshard.fb.CommandEnvelope;
import bookshard.fb.GetBookCommand;
import bookshard.fb.GetOrderCommand;
import bookshard.fb.GetRestingOrdersCommand;
import bookshard.fb.GetTradesCommand;
import bookshard.fb.Level;
import bookshard.fb.OrderReply;
import bookshard.fb.PlaceCommand;
import bookshard.fb.RejectedReply;
import bookshard.fb.Reply;
import bookshard.fb.ReplyEnvelope;
import bookshard.fb.RestingOrder;
import bookshard.fb.RestingOrdersReply;
import bookshard.fb.TradesReply;
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
    byte type;
    int body;
    if (c instanceof BookCommand.Place p) {
      NewOrder o = p.order();
      int account = b.createString(o.account());
      int clientOrderId = o.clientOrderId() == null ? 0 : b.createString(o.clientOrderId());
      type = Command.PlaceCommand;
      body = PlaceCommand.createPlaceCommand(b, account, clientOrderId, Enums.side(o.side()), Enums.type(o.type()),
          Enums.tif(o.timeInForce()), o.priceTicks(), o.quantityLots());
    } else if (c instanceof BookCommand.Cancel x) {
      type = Command.CancelCommand;
      body = CancelCommand.createCancelCommand(b, x.orderId(), b.createString(x.account()));
    } else if (c instanceof BookCommand.Amend x) {
      type = Command.AmendCommand;
      body = AmendCommand.createAmendCommand(b, x.orderId(), b.createString(x.account()), x.priceTicks(), x.quantityLots());
    } else if (c instanceof BookCommand.GetBook x) {
      type = Command.GetBookCommand;
      body = GetBookCommand.createGetBookCommand(b, x.depth());
    } else if (c instanceof BookCommand.GetOrder x) {
      type = Command.GetOrderCommand;
      body = GetOrderCommand.createGetOrderCommand(b, x.orderId());
    } else if (c instanceof BookCommand.GetRestingOrders x) {
      type = Command.GetRestingOrdersCommand;
      body = GetRestingOrdersCommand.createGetRestingOrdersCommand(
          b, x.account() == null ? 0 : b.createString(x.account()), x.limit());
    } else if (c instanceof BookCommand.GetTrades x) {
      type = Command.GetTradesCommand;
      body = GetTradesCommand.createGetTradesCommand(b, x.afterMatchId(), x.limit());
    } else {
      throw new IllegalArgumentException("no encoding for " + c);
    }
    CommandEnvelope.finishCommandEnvelopeBuffer(b, CommandEnvelope.createCommandEnvelope(b, replyTo, type, body));
    return b.sizedByteArray();
  }

  BookCommand decodeCommand(byte[] bytes) {
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    if (!CommandEnvelope.CommandEnvelopeBufferHasIdentifier(bb)) {
      throw new IllegalArgumentException("not a bookshard command");
    }
    CommandEnvelope env = CommandEnvelope.getRootAsCommandEnvelope(bb);
    ActorRef<BookReply> replyTo = stringToRef.apply(env.replyTo());
    switch (env.commandType()) {
      case Command.PlaceCommand: {
        var p = (PlaceCommand) env.command(new PlaceCommand());
        return new BookCommand.Place(new NewOrder(p.account(), p.clientOrderId(), Enums.side(p.side()),
            Enums.type(p.type()), Enums.tif(p.timeInForce()), p.priceTicks(), p.quantityLots()), replyTo);
      }
      case Command.CancelCommand: {
        var x = (CancelCommand) env.command(new CancelCommand());
        return new BookCommand.Cancel(x.orderId(), x.account(), replyTo);
      }
      case Command.AmendCommand: {
        var x = (AmendCommand) env.command(new AmendCommand());
        return new BookCommand.Amend(x.orderId(), x.account(), x.priceTicks(), x.quantityLots(), replyTo);
      }
      case Command.GetBookCommand:
        return new BookCommand.GetBook(((GetBookCommand) env.command(new GetBookCommand())).depth(), replyTo);
      case Command.GetOrderCommand:
        return new BookCommand.GetOrder(((GetOrderCommand) env.command(new GetOrderCommand())).orderId(), replyTo);
      case Command.GetRestingOrdersCommand: {
        var x = (GetRestingOrdersCommand) env.command(new GetRestingOrdersCommand());
        return new BookCommand.GetRestingOrders(x.account(), x.limit(), replyTo);
      }
      case Command.GetTradesCommand: {
        var x = (GetTradesCommand) env.command(new GetTradesCommand());
        return new BookCommand.GetTrades(x.afterMatchId(), x.limit(), replyTo);
      }
      default:
        throw new IllegalArgumentException("unknown command type " + env.commandType());
    }
  }

  // ------------------------------------------------------------------ replies

  byte[] encode(BookReply r) {
    FlatBufferBuilder b = new FlatBufferBuilder(256);
    byte type;
    int body;
    if (r instanceof BookReply.Accepted a) {
      Outcome o = a.outcome();
      int fills = AcceptedReply.createFillsVector(b, trades(b, o.fills()));
      type = Reply.AcceptedReply;
      body = AcceptedReply.createAcceptedReply(b, o.orderId(), Enums.status(o.status()), o.remainingLots(), fills,
          a.duplicate());
    } else if (r instanceof BookReply.Rejected x) {
      type = Reply.RejectedReply;
      body = RejectedReply.createRejectedReply(b, Enums.reject(x.reason()));
    } else if (r instanceof BookReply.Book x) {
      int hostedBy = b.createString(x.hostedBy());
      int bids = levels(b, x.bids());
      int asks = levels(b, x.asks());
      type = Reply.BookReply;
      body = bookshard.fb.BookReply.createBookReply(b, bids, asks, x.lastMatchId(), hostedBy, x.sequenceNr());
    } else if (r instanceof BookReply.Order x) {
      int order = SnapshotCodec.encodeOrder(b, x.order());
      type = Reply.OrderReply;
      body = OrderReply.createOrderReply(b, order);
    } else if (r instanceof BookReply.RestingOrders x) {
      int bids = RestingOrdersReply.createBidsVector(b, orders(b, x.bids()));
      int asks = RestingOrdersReply.createAsksVector(b, orders(b, x.asks()));
      type = Reply.RestingOrdersReply;
      body = RestingOrdersReply.createRestingOrdersReply(b, bids, asks, x.nextOrderId(), x.nextMatchId());
    } else if (r instanceof BookReply.Overloaded) {
      type = Reply.OverloadedReply;
      bookshard.fb.OverloadedReply.startOverloadedReply(b);
      body = bookshard.fb.OverloadedReply.endOverloadedReply(b);
    } else if (r instanceof BookReply.Trades x) {
      int trades = TradesReply.createTradesVector(b, trades(b, x.trades()));
      type = Reply.TradesReply;
      body = TradesReply.createTradesReply(b, trades, x.lastMatchId(), x.oldestMatchId());
    } else {
      throw new IllegalArgumentException("no encoding for " + r);
    }
    ReplyEnvelope.finishReplyEnvelopeBuffer(b, ReplyEnvelope.createReplyEnvelope(b, type, body));
    return b.sizedByteArray();
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
    bookshard.fb.BookReply.startBidsVector(b, levels.size());
    for (int i = levels.size() - 1; i >= 0; i--) {
      LevelView l = levels.get(i);
      Level.createLevel(b, l.priceTicks(), l.quantityLots(), l.orderCount());
    }
    return b.endVector();
  }

  BookReply decodeReply(byte[] bytes) {
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    if (!ReplyEnvelope.ReplyEnvelopeBufferHasIdentifier(bb)) {
      throw new IllegalArgumentException("not a bookshard reply");
    }
    ReplyEnvelope env = ReplyEnvelope.getRootAsReplyEnvelope(bb);
    switch (env.replyType()) {
      case Reply.AcceptedReply: {
        var a = (AcceptedReply) env.reply(new AcceptedReply());
        List<TradeExecuted> fills = EventCodec.decodeTrades(a.fillsVector());
        return new BookReply.Accepted(
            new Outcome(a.orderId(), Enums.status(a.status()), a.remainingLots(), List.copyOf(fills)), a.duplicate());
      }
      case Reply.RejectedReply:
        return new BookReply.Rejected(Enums.reject(((RejectedReply) env.reply(new RejectedReply())).reason()));
      case Reply.BookReply: {
        var x = (bookshard.fb.BookReply) env.reply(new bookshard.fb.BookReply());
        List<LevelView> bids = new ArrayList<>(x.bidsLength());
        for (int i = 0; i < x.bidsLength(); i++) {
          Level l = x.bids(i);
          bids.add(new LevelView(l.priceTicks(), l.quantityLots(), l.orderCount()));
        }
        List<LevelView> asks = new ArrayList<>(x.asksLength());
        for (int i = 0; i < x.asksLength(); i++) {
          Level l = x.asks(i);
          asks.add(new LevelView(l.priceTicks(), l.quantityLots(), l.orderCount()));
        }
        return new BookReply.Book(bids, asks, x.lastMatchId(), x.hostedBy(), x.sequenceNr());
      }
      case Reply.OrderReply:
        return new BookReply.Order(SnapshotCodec.decodeOrder(((OrderReply) env.reply(new OrderReply())).order()));
      case Reply.RestingOrdersReply: {
        var x = (RestingOrdersReply) env.reply(new RestingOrdersReply());
        List<OrderView> bids = new ArrayList<>(x.bidsLength());
        RestingOrder o = new RestingOrder();
        for (int i = 0; i < x.bidsLength(); i++) {
          bids.add(SnapshotCodec.decodeOrder(x.bids(o, i)));
        }
        List<OrderView> asks = new ArrayList<>(x.asksLength());
        for (int i = 0; i < x.asksLength(); i++) {
          asks.add(SnapshotCodec.decodeOrder(x.asks(o, i)));
        }
        return new BookReply.RestingOrders(bids, asks, x.nextOrderId(), x.nextMatchId());
      }
      case Reply.TradesReply: {
        var x = (TradesReply) env.reply(new TradesReply());
        return new BookReply.Trades(EventCodec.decodeTrades(x.tradesVector()), x.lastMatchId(), x.oldestMatchId());
      }
      case Reply.OverloadedReply:
        return new BookReply.Overloaded();
      default:
        throw new IllegalArgumentException("unknown reply type " + env.replyType());
    }
  }
}
