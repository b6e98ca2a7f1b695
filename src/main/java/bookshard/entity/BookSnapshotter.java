package bookshard.entity;

import bookshard.book.EventBatch;
import java.util.List;
import bookshard.book.BookState;
import bookshard.codec.SnapshotCodec;
import bookshard.protocol.SnapshotBytes;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * Snapshots without stopping the book, and without a second copy of it between snapshots. The
 * book sends this actor the events of every write once they are durable; it keeps them beside
 * the bytes of the last snapshot. When the {@link SnapshotPolicy} says so (spaced by the size of
 * the state), it decodes those bytes, applies the kept events and encodes the result (on its own
 * thread, while the book goes on trading), saves it through the snapshot store with the sequence
 * number of the last journal row it applied (so snapshot + later rows is exactly the book), and
 * lets the decoded book go. So a book's memory is one book, the last snapshot's bytes (about a
 * fifth of the book) and the events since; the copy exists only while a snapshot is made. It
 * keeps the last {@code keep} snapshots and deletes older ones.
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
  /** The last snapshot's bytes (or the book's at the start): what the next snapshot starts from. */
  private byte[] base;
  private boolean started;
  /** The durable batches since {@link #base}, in order. */
  private final List<EventBatch> since = new ArrayList<>();
  /** The event position after the last batch (or of the base, if none since). */
  private long position;
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
          started = true;
          base = m.snapshot();
          since.addAll(m.replayed());
          seqNr = m.seqNr();
          // The size of the state decides when the next snapshot is due: the book as recovery left it.
          BookState book = rebuild();
          position = book.position();
          lastSnapshotPosition = position;
          lastSnapshotEntries = book.entries();
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
    if (!started) {
      throw new IllegalStateException("events before Start");
    }
    since.add(m.batch());
    seqNr = m.seqNr();
    position = m.batch().lastPosition();
    saveIfDue();
    return Behaviors.same();
  }

  /** The book as of {@link #seqNr}: the base decoded, every batch since applied. */
  private BookState rebuild() {
    BookState book = base == null ? BookState.empty(settings.recentTrades())
        : SnapshotCodec.decode(base, settings.recentTrades());
    since.forEach(book::apply);
    if (book.position() < 0) {
      // A snapshot from before positions were recorded, and no row after it: its rows held one
      // event each, so the position is the sequence number.
      book.positionAt(seqNr);
    }
    return book;
  }

  /** Events that arrived while a snapshot was being written count towards the next one. */
  private void saveIfDue() {
    if (!saving && settings.snapshots().due(position - lastSnapshotPosition, lastSnapshotEntries)) {
      save();
    }
  }

  private void save() {
    long at = seqNr;
    saving = true;
    long t0 = System.nanoTime();
    BookState book = rebuild();
    lastSnapshotPosition = book.position();
    lastSnapshotEntries = book.entries();
    var snapshot = new SnapshotBytes(SnapshotCodec.encode(book));
    base = snapshot.bytes();
    since.clear();
    savingSince = t0;
    savingBytes = snapshot.bytes().length;
    long millis = (System.nanoTime() - t0) / 1_000_000;
    if (millis >= 1000) {
      ctx.getLog().warn("snapshot of {} at sequence number {}: {} resting orders, {} bytes, made in {} ms",
          persistenceId, at, book.book().restingOrderCount(), snapshot.bytes().length, millis);
    } else {
      ctx.getLog().debug("snapshot of {} at sequence number {}: {} resting orders, {} bytes, made in {} ms",
          persistenceId, at, book.book().restingOrderCount(), snapshot.bytes().length, millis);
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
