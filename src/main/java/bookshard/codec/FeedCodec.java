package bookshard.codec;

import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.DepthTracker.LevelChange;
import bookshard.codec.fb.FbDepthUpdate;
import bookshard.codec.fb.FbLevelChange;
import bookshard.codec.fb.FbTradeExecuted;
import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Market data as published to Kafka: trades and executions ({@code FbTradeExecuted}), depth ({@code FbDepthUpdate}). */
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
}
