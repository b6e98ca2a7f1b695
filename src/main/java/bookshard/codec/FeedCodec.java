package bookshard.codec;

import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.DepthTracker.LevelChange;
import bookshard.book.BookEvent;
import bookshard.book.EventBatch;
import bookshard.book.LevelView;
import bookshard.book.Side;
import bookshard.codec.fb.FbDepthUpdate;
import bookshard.codec.fb.FbFeedRequest;
import bookshard.codec.fb.FbLevelChange;
import bookshard.codec.fb.FbTradeExecuted;
import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import bookshard.protocol.FeedRequest;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.SourceRef;

/**
 * Market data as published to Kafka and streamed to client members: trades and executions
 * ({@code FbTradeExecuted}), depth ({@code FbDepthUpdate}), an account's order events
 * ({@code FbEventBatch} at the event's position); and a client member's {@link FeedRequest}.
 */
public final class FeedCodec {
  private FeedCodec() {}

  /** A depth update as read back from its bytes. */
  public record Depth(String symbol, long position, List<LevelChange> changes, long checksum) {}

  /**
   * A trade; {@code withAccounts} false leaves out whose orders they were (accounts, clientOrderIds,
   * whether each is done): public trades are anonymous.
   */
  public static byte[] trade(TradeExecuted t, boolean withAccounts) {
    FlatBufferBuilder b = new FlatBufferBuilder(128);
    b.finish(withAccounts ? EventCodec.encodeTrade(b, t) : FbTradeExecuted.createFbTradeExecuted(b, t.matchId(),
        t.priceTicks(), t.quantityLots(), t.makerOrderId(), t.takerOrderId(), 0, 0, Enums.side(t.takerSide()),
        t.timestampMillis(), 0, 0, false, false));
    return b.sizedByteArray();
  }

  /** A trade read back; absent accounts are null. */
  public static TradeExecuted decodeTrade(byte[] bytes) {
    return EventCodec.decodeTrade(FbTradeExecuted.getRootAsFbTradeExecuted(ByteBuffer.wrap(bytes)));
  }

  public static byte[] depth(String symbol, long position, List<LevelChange> changes, long checksum) {
    FlatBufferBuilder b = new FlatBufferBuilder(64 + changes.size() * 32);
    int name = b.createString(symbol);
    FbDepthUpdate.startChangesVector(b, changes.size());
    for (int i = changes.size() - 1; i >= 0; i--) {
      LevelChange c = changes.get(i);
      FbLevelChange.createFbLevelChange(b, c.priceTicks(), c.quantityLots(), c.orderCount(), Enums.side(c.side()));
    }
    int vector = b.endVector();
    b.finish(FbDepthUpdate.createFbDepthUpdate(b, name, position, vector, checksum));
    return b.sizedByteArray();
  }

  public static Depth decodeDepth(byte[] bytes) {
    FbDepthUpdate u = FbDepthUpdate.getRootAsFbDepthUpdate(ByteBuffer.wrap(bytes));
    List<LevelChange> changes = new ArrayList<>(u.changesLength());
    FbLevelChange c = new FbLevelChange();
    for (int i = 0; i < u.changesLength(); i++) {
      u.changes(c, i);
      changes.add(new LevelChange(Enums.side(c.side()), c.priceTicks(), c.quantityLots(), c.orderCount()));
    }
    return new Depth(u.symbol(), u.position(), changes, u.checksum());
  }

  /** A full book as one depth message: every level as a change from nothing, bids then asks, best first. */
  public static byte[] depthSnapshot(String symbol, long position, List<LevelView> bids, List<LevelView> asks,
      long checksum) {
    List<LevelChange> levels = new ArrayList<>(bids.size() + asks.size());
    bids.forEach(l -> levels.add(new LevelChange(Side.BUY, l.priceTicks(), l.quantityLots(), l.orderCount())));
    asks.forEach(l -> levels.add(new LevelChange(Side.SELL, l.priceTicks(), l.quantityLots(), l.orderCount())));
    return depth(symbol, position, levels, checksum);
  }

  /** One of an account's order events at its position; {@code event} null: only the position (where a stream starts). */
  public static byte[] accountEvent(long position, BookEvent event) {
    return EventCodec.encode(event == null ? new EventBatch(position + 1, List.of()) : new EventBatch(position, List.of(event)));
  }

  /** An {@link #accountEvent} read back: its position is the batch's last, its event the batch's only one (if any). */
  public static EventBatch decodeAccountEvent(byte[] bytes) {
    return EventCodec.decodeBatch(bytes);
  }

  static byte[] encode(FeedRequest r, Function<ActorRef<?>, String> refToString) {
    FlatBufferBuilder b = new FlatBufferBuilder(128);
    int symbol = b.createString(r.symbol());
    int account = r.account() == null ? 0 : b.createString(r.account());
    int replyTo = b.createString(refToString.apply(r.replyTo()));
    b.finish(FbFeedRequest.createFbFeedRequest(b, (byte) r.stream().ordinal(), symbol, account, r.after(), replyTo));
    return b.sizedByteArray();
  }

  static FeedRequest decodeRequest(byte[] bytes, Function<String, ActorRef<SourceRef<byte[]>>> stringToRef) {
    FbFeedRequest r = FbFeedRequest.getRootAsFbFeedRequest(ByteBuffer.wrap(bytes));
    return new FeedRequest(FeedRequest.Stream.values()[r.stream()], r.symbol(), r.account(), r.after(),
        stringToRef.apply(r.replyTo()));
  }
}
