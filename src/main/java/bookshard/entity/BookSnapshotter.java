package bookshard.entity;

import bookshard.book.EventBatch;
import java.util.List;
import bookshard.book.BookState;
import bookshard.codec.SnapshotCodec;
import bookshard.protocol.SnapshotBytes;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.SaveSnapshotSuccess;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;

/**
 * Snapshots without stopping the book. A second copy of the book, owned by this actor, follows
 * the journal: the book sends it the events of every write once they are durable. When the
 * {@link SnapshotPolicy} says so (spaced by the size of the state), this actor encodes its own
 * copy (on its own thread, while the book goes on trading) and saves it through the snapshot
 * store with the sequence number of the last journal row it applied, so snapshot + later rows is
 * exactly the book. It keeps the last {@code keep} snapshots and deletes older ones.
 */
final class BookSnapshotter {
  sealed interface Message {}

  /**
   * The book after recovery, at row {@code seqNr}: the snapshot it started from (null: none)
   * and the rows replayed after it, which this actor decodes and applies on its own thread.
   */
  record Start(byte[] snapshot, List<EventBatch> replayed, long seqNr) implements Message {}

  /** A batch now durable, in journal row {@code seqNr}. */
  record Applied(EventBatch batch, long seqNr) implements Message {}

  private record Saved(long seqNr) implements Message {}

  private record SaveFailed(long seqNr, Throwable cause) implements Message {}

  private final ActorContext<Message> ctx;
  private final String persistenceId;
  private final BookSettings settings;
  private final org.apache.pekko.actor.ActorRef store;
  private final ArrayDeque<Long> kept = new ArrayDeque<>();
  private BookState copy;
  private long seqNr;
  /** The event position of the last snapshot: the policy counts events, not journal rows. */
  private long lastSnapshotPosition;
  /** The size of the state at the last snapshot (or at recovery): what the next one will cost. */
  private long lastSnapshotEntries;
  private boolean saving;
  /** When the snapshot being saved started (its encoding), and its size. */
  private long savingSince;
  private int savingBytes;

  static Behavior<Message> create(String persistenceId, BookSettings settings) {
    String symbol = bookshard.protocol.BookIds.symbolOf(persistenceId);
    return Behaviors.withMdc(Message.class, java.util.Map.of("book", symbol == null ? persistenceId : symbol),
        Behaviors.setup(ctx -> new BookSnapshotter(ctx, persistenceId, settings).behavior()));
  }

  private BookSnapshotter(ActorContext<Message> ctx, String persistenceId, BookSettings settings) {
    this.ctx = ctx;
    this.persistenceId = persistenceId;
    this.settings = settings;
    this.store = Persistence.get(Adapter.toClassic(ctx.getSystem())).snapshotStoreFor("", ConfigFactory.empty());
  }

  private Behavior<Message> behavior() {
    return Behaviors.receive(Message.class)
        .onMessage(Start.class, m -> {
          copy = m.snapshot() == null ? BookState.empty(settings.recentTrades())
              : SnapshotCodec.decode(m.snapshot(), settings.recentTrades());
          m.replayed().forEach(copy::apply);
          if (copy.position() < 0) {
            copy.positionAt(m.seqNr());
          }
          seqNr = m.seqNr();
          lastSnapshotPosition = copy.position();
          lastSnapshotEntries = copy.entries();
          return Behaviors.same();
        })
        .onMessage(Applied.class, this::onApplied)
        .onMessage(Saved.class, m -> {
          saving = false;
          String symbol = bookshard.protocol.BookIds.symbolOf(persistenceId);
          if (symbol != null) {
            settings.metrics().book(symbol).snapshot(System.nanoTime() - savingSince, savingBytes);
          }
          kept.addLast(m.seqNr());
          while (kept.size() > settings.snapshots().keep()) {
            long drop = kept.pollFirst();
            store.tell(new SnapshotProtocol.DeleteSnapshots(persistenceId,
                SnapshotSelectionCriteria.create(drop, Long.MAX_VALUE)), org.apache.pekko.actor.ActorRef.noSender());
          }
          saveIfDue();
          return Behaviors.same();
        })
        .onMessage(SaveFailed.class, m -> {
          saving = false;
          ctx.getLog().warn("snapshot of {} at {} failed; the next one will be tried after {} more events",
              persistenceId, m.seqNr(), settings.snapshots().spacing(lastSnapshotEntries), m.cause());
          return Behaviors.same();
        })
        .build();
  }

  private Behavior<Message> onApplied(Applied m) {
    if (copy == null) {
      throw new IllegalStateException("events before Start");
    }
    copy.apply(m.batch());
    seqNr = m.seqNr();
    saveIfDue();
    return Behaviors.same();
  }

  /** Events that arrived while a snapshot was being written count towards the next one. */
  private void saveIfDue() {
    if (!saving && settings.snapshots().due(copy.position() - lastSnapshotPosition, lastSnapshotEntries)) {
      save();
    }
  }

  private void save() {
    long at = seqNr;
    saving = true;
    lastSnapshotPosition = copy.position();
    lastSnapshotEntries = copy.entries();
    long t0 = System.nanoTime();
    var snapshot = new SnapshotBytes(SnapshotCodec.encode(copy));
    savingSince = t0;
    savingBytes = snapshot.bytes().length;
    long millis = (System.nanoTime() - t0) / 1_000_000;
    if (millis >= 1000) {
      ctx.getLog().warn("snapshot of {} at sequence number {}: {} resting orders, {} bytes, encoded in {} ms",
          persistenceId, at, copy.book().restingOrderCount(), snapshot.bytes().length, millis);
    } else {
      ctx.getLog().debug("snapshot of {} at sequence number {}: {} resting orders, {} bytes, encoded in {} ms",
          persistenceId, at, copy.book().restingOrderCount(), snapshot.bytes().length, millis);
    }
    var request = new SnapshotProtocol.SaveSnapshot(
        new SnapshotMetadata(persistenceId, at, System.currentTimeMillis()), snapshot);
    ctx.pipeToSelf(Patterns.ask(store, request, Duration.ofSeconds(60)), (reply, err) -> {
      if (err != null) {
        return new SaveFailed(at, err);
      }
      return reply instanceof SaveSnapshotSuccess ? new Saved(at) : new SaveFailed(at, new IllegalStateException(String.valueOf(reply)));
    });
  }
}
