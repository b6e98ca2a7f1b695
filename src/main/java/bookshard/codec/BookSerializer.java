package bookshard.codec;

import bookshard.book.BookEvent;
import bookshard.book.EventBatch;
import bookshard.protocol.BookCommand;
import bookshard.protocol.BookEventsPublished;
import bookshard.protocol.BookReply;
import bookshard.protocol.AccountCommand;
import bookshard.protocol.AccountEvent;
import bookshard.protocol.AccountReply;
import bookshard.account.AccountState;
import bookshard.account.SettlementProgress;
import bookshard.protocol.AccountEventBatch;
import bookshard.protocol.GuardCommand;
import bookshard.protocol.FeedRequest;
import bookshard.protocol.GuardEvent;
import bookshard.protocol.GuardReply;
import bookshard.protocol.GuardState;
import bookshard.protocol.SnapshotBytes;
import java.io.NotSerializableException;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Everything of bookshard's that is stored or crosses nodes, as FlatBuffers: journal rows,
 * snapshots, and the commands and replies between nodes. The manifest carries a format version
 * so a future incompatible layout can be told apart from today's bytes.
 */
public final class BookSerializer extends SerializerWithStringManifest {
  public static final int IDENTIFIER = 7401;
  /** A row of the first schema: one event. Still read (as a one-event batch), no longer written. */
  static final String EVENT_V1 = "E1";
  static final String BATCH_V1 = "B1";
  /** A snapshot with one table per resting order. Still read, no longer written. */
  static final String SNAPSHOT_V1 = "S1";
  /**
   * A snapshot with resting orders packed as structs. Same root table; the new manifest makes a
   * node of an older version refuse it loudly instead of reading a book without its orders.
   */
  static final String SNAPSHOT_V2 = "S2";
  static final String COMMAND_V1 = "C1";
  static final String REPLY_V1 = "R1";
  static final String PUBLISHED_V1 = "P1";
  static final String GUARD_EVENT_V1 = "G1";
  static final String GUARD_ARM_V1 = "GA1";
  static final String GUARD_REPLY_V1 = "GR1";
  static final String GUARD_STATE_V1 = "GS1";
  static final String ACCOUNT_EVENT_V1 = "A1";
  static final String ACCOUNT_COMMAND_V1 = "AC1";
  static final String ACCOUNT_REPLY_V1 = "AR1";
  static final String ACCOUNT_STATE_V1 = "AS1";
  static final String SETTLEMENT_PROGRESS_V1 = "SP1";
  static final String ACCOUNT_EVENT_BATCH_V1 = "AB1";
  static final String FEED_REQUEST_V1 = "F1";

  private final ExtendedActorSystem system;
  private volatile MessageCodec messages;

  public BookSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  /** Created on first use: the resolver is an extension, not to be touched while serializers load. */
  private MessageCodec messages() {
    MessageCodec m = messages;
    if (m == null) {
      ActorRefResolver resolver = ActorRefResolver.get(Adapter.toTyped(system));
      m = new MessageCodec(resolver::toSerializationFormat, resolver::resolveActorRef);
      messages = m;
    }
    return m;
  }

  private String refString(ActorRef<?> ref) {
    return ActorRefResolver.get(Adapter.toTyped(system)).toSerializationFormat(ref);
  }

  private <T> ActorRef<T> resolve(String ref) {
    return ActorRefResolver.get(Adapter.toTyped(system)).resolveActorRef(ref);
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof EventBatch) {
      return BATCH_V1;
    } else if (o instanceof BookEvent) {
      return EVENT_V1;
    } else if (o instanceof SnapshotBytes) {
      return SNAPSHOT_V2;
    } else if (o instanceof BookCommand) {
      return COMMAND_V1;
    } else if (o instanceof BookReply) {
      return REPLY_V1;
    } else if (o instanceof BookEventsPublished) {
      return PUBLISHED_V1;
    } else if (o instanceof GuardEvent) {
      return GUARD_EVENT_V1;
    } else if (o instanceof GuardCommand.Arm) {
      return GUARD_ARM_V1;
    } else if (o instanceof GuardReply) {
      return GUARD_REPLY_V1;
    } else if (o instanceof GuardState) {
      return GUARD_STATE_V1;
    } else if (o instanceof AccountEvent) {
      return ACCOUNT_EVENT_V1;
    } else if (o instanceof AccountCommand) {
      return ACCOUNT_COMMAND_V1;
    } else if (o instanceof AccountReply) {
      return ACCOUNT_REPLY_V1;
    } else if (o instanceof AccountState) {
      return ACCOUNT_STATE_V1;
    } else if (o instanceof SettlementProgress) {
      return SETTLEMENT_PROGRESS_V1;
    } else if (o instanceof AccountEventBatch) {
      return ACCOUNT_EVENT_BATCH_V1;
    } else if (o instanceof FeedRequest) {
      return FEED_REQUEST_V1;
    }
    throw new IllegalArgumentException("cannot serialize " + o.getClass());
  }

  @Override
  public byte[] toBinary(Object o) {
    if (o instanceof EventBatch b) {
      return EventCodec.encode(b);
    } else if (o instanceof BookEvent e) {
      return EventCodec.encode(e);
    } else if (o instanceof SnapshotBytes s) {
      return s.bytes();
    } else if (o instanceof BookCommand c) {
      return messages().encode(c);
    } else if (o instanceof BookReply r) {
      return messages().encode(r);
    } else if (o instanceof BookEventsPublished p) {
      return PublishedCodec.encode(p);
    } else if (o instanceof GuardEvent e) {
      return GuardCodec.encode(e);
    } else if (o instanceof GuardCommand.Arm a) {
      return GuardCodec.encode(a, this::refString);
    } else if (o instanceof GuardReply r) {
      return GuardCodec.encode(r);
    } else if (o instanceof GuardState s) {
      return GuardCodec.encode(s);
    } else if (o instanceof AccountEvent e) {
      return AccountCodec.encode(e);
    } else if (o instanceof AccountCommand c) {
      return AccountCodec.encode(c, this::refString);
    } else if (o instanceof AccountReply r) {
      return AccountCodec.encode(r);
    } else if (o instanceof AccountState s) {
      return AccountCodec.encode(s);
    } else if (o instanceof SettlementProgress p) {
      return AccountCodec.encode(p);
    } else if (o instanceof AccountEventBatch b) {
      return AccountCodec.encode(b);
    } else if (o instanceof FeedRequest r) {
      return FeedCodec.encode(r, this::refString);
    }
    throw new IllegalArgumentException("cannot serialize " + o.getClass());
  }

  /** A journal row as stored (payload and manifest), for tools that read the database directly. */
  public static EventBatch journalRow(byte[] bytes, String manifest) {
    return switch (manifest) {
      case BATCH_V1 -> EventCodec.decodeBatch(bytes);
      case EVENT_V1 -> EventBatch.legacy(EventCodec.decode(bytes));
      default -> throw new IllegalArgumentException("not a journal row manifest: " + manifest);
    };
  }

  /** A ledger's journal row as stored (payload and manifest), for tools that read the database directly. */
  public static List<AccountEvent> ledgerRow(byte[] bytes, String manifest) {
    return switch (manifest) {
      case ACCOUNT_EVENT_BATCH_V1 -> AccountCodec.decodeBatch(bytes).events();
      case ACCOUNT_EVENT_V1 -> List.of(AccountCodec.decodeEvent(bytes));
      default -> throw new IllegalArgumentException("not a ledger row manifest: " + manifest);
    };
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    return switch (manifest) {
      case BATCH_V1, EVENT_V1 -> journalRow(bytes, manifest);
      case SNAPSHOT_V1, SNAPSHOT_V2 -> new SnapshotBytes(bytes);
      case COMMAND_V1 -> messages().decodeCommand(bytes);
      case REPLY_V1 -> messages().decodeReply(bytes);
      case PUBLISHED_V1 -> PublishedCodec.decode(bytes);
      case GUARD_EVENT_V1 -> GuardCodec.decodeEvent(bytes);
      case GUARD_ARM_V1 -> GuardCodec.decodeArm(bytes, this::resolve);
      case GUARD_REPLY_V1 -> GuardCodec.decodeReply(bytes);
      case GUARD_STATE_V1 -> GuardCodec.decodeState(bytes);
      case ACCOUNT_EVENT_V1 -> AccountCodec.decodeEvent(bytes);
      case ACCOUNT_COMMAND_V1 -> AccountCodec.decodeCommand(bytes, this::resolve);
      case ACCOUNT_REPLY_V1 -> AccountCodec.decodeReply(bytes);
      case ACCOUNT_STATE_V1 -> AccountCodec.decodeState(bytes);
      case SETTLEMENT_PROGRESS_V1 -> AccountCodec.decodeProgress(bytes);
      case ACCOUNT_EVENT_BATCH_V1 -> AccountCodec.decodeBatch(bytes);
      case FEED_REQUEST_V1 -> FeedCodec.decodeRequest(bytes, this::resolve);
      default -> throw new NotSerializableException("unknown manifest " + manifest);
    };
  }
}
