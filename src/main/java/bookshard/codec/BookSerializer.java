package bookshard.codec;

import bookshard.book.BookEvent;
import bookshard.entity.BookState;
import java.io.NotSerializableException;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Journal events and snapshots as FlatBuffers. The manifest carries a format version so a
 * future incompatible layout can be told apart from today's rows.
 */
public final class BookSerializer extends SerializerWithStringManifest {
  public static final int IDENTIFIER = 7401;
  static final String EVENT_V1 = "E1";
  static final String SNAPSHOT_V1 = "S1";

  private final int recentTradeCapacity;

  public BookSerializer(ExtendedActorSystem system) {
    this.recentTradeCapacity = system.settings().config().getInt("bookshard.book.recent-trades");
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof BookEvent) {
      return EVENT_V1;
    } else if (o instanceof BookState) {
      return SNAPSHOT_V1;
    }
    throw new IllegalArgumentException("cannot serialize " + o.getClass());
  }

  @Override
  public byte[] toBinary(Object o) {
    if (o instanceof BookEvent e) {
      return EventCodec.encode(e);
    } else if (o instanceof BookState s) {
      return SnapshotCodec.encode(s);
    }
    throw new IllegalArgumentException("cannot serialize " + o.getClass());
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    return switch (manifest) {
      case EVENT_V1 -> EventCodec.decode(bytes);
      case SNAPSHOT_V1 -> SnapshotCodec.decode(bytes, recentTradeCapacity);
      default -> throw new NotSerializableException("unknown manifest " + manifest);
    };
  }
}
