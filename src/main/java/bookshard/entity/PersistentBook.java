package bookshard.entity;

import bookshard.book.BookEvent;
import bookshard.book.EventBatch;
import bookshard.book.BookState;
import bookshard.codec.SnapshotCodec;
import bookshard.protocol.BookCommand;
import bookshard.protocol.BookEventsPublished;
import bookshard.protocol.BookIds;
import bookshard.protocol.BookReply;
import bookshard.protocol.SnapshotBytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One instrument's book as a persistent actor: the only place that writes to the journal.
 *
 * <p>It takes commands in batches (group commit, see {@link ShardedBook}): every command of a
 * batch is decided against the book as the previous ones left it, all their events go to the
 * journal as one row (an {@link EventBatch}, one atomic write), and only then does any caller
 * get its reply. Events are applied to the state as each command is decided, so the next
 * command sees them; the event handler then skips exactly those batches, and applies every
 * batch it reads during recovery. A failed
 * write stops the actor, which throws the eagerly changed state away; {@link ShardedBook} starts
 * a new one that recovers from the journal. Once a write is durable its events go to the
 * snapshotter and are published to every node's market data feed.
 */
public final class PersistentBook extends EventSourcedBehaviorWithEnforcedReplies<PersistentBook.Batch, EventBatch, BookState> {

  /** Commands in arrival order; {@code done} hears when their events are durable and replied. */
  public record Batch(long batchNo, List<BookCommand> commands, ActorRef<GroupCommit.Written> done) {}

  private final ActorContext<Batch> ctx;
  private final TimerScheduler<Batch> timers;
  /** When the expiry timer is set for; {@code Long.MAX_VALUE}: not set. */
  private long expiryTimerAt = Long.MAX_VALUE;
  /** A timer further out than this is set again when it fires (a GTD order may be days away). */
  private static final long MAX_TIMER_MILLIS = 3_600_000;
  private final BookSettings settings;
  private final CommandProcessor processor;
  private ActorRef<BookSnapshotter.Message> snapshotter;
  private int snapshotterGeneration;
  /** Every node's market data feed hears each write here once it is durable. */
  private final ActorRef<Topic.Command<BookEventsPublished>> published;
  private final String symbol;
  /** Pekko's event-sourced behavior sets its own MDC on every message and drops a {@code withMdc}'s. */
  private final LogContext logContext;
  private final BookMetrics.Book metrics;
  private final long startedNanos = System.nanoTime();
  private long recoveredEvents;
  /** Batches the command handler applied ahead of their write; the event handler skips them. */
  private int appliedAhead;
  /**
   * What recovery read (the snapshot's bytes and the rows after it), handed to the snapshotter
   * as it is: re-encoding a million-order book just to give the snapshotter its copy cost a
   * second of every recovery. Null once recovery is over.
   */
  private byte[] recoveredSnapshot;
  private List<EventBatch> replayed = new ArrayList<>();
  private long replayedEvents;
  /** Beyond this many replayed events, holding them costs more than encoding the recovered state. */
  private static final long MAX_HANDOVER_EVENTS = 500_000;

  /**
   * A failed write or recovery stops the book (Pekko's default); {@link ShardedBook} starts a new
   * one. Pekko's own restart would recover into the same state object, which this book mutates
   * in place, so it would replay the journal over the eagerly applied batch.
   */
  static Behavior<Batch> create(String symbol, BookSettings settings) {
    return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> new PersistentBook(ctx, timers, symbol, settings)));
  }

  private PersistentBook(ActorContext<Batch> ctx, TimerScheduler<Batch> timers, String symbol, BookSettings settings) {
    super(BookIds.persistenceId(symbol));
    this.ctx = ctx;
    this.timers = timers;
    this.settings = settings;
    this.processor = new CommandProcessor(settings.clockMillis(), settings.nodeAddress(),
        settings.instruments().apply(symbol), settings.fundedAmendsOnly());
    this.symbol = symbol;
    this.logContext = new LogContext("book", symbol);
    this.metrics = settings.metrics().book(symbol);
    this.snapshotter = spawnSnapshotter();
    this.published = ctx.spawn(Topic.create(BookEventsPublished.class, BookEventsPublished.topic(symbol)), "published");
  }

  /** Watched: a snapshotter that fails must not silently end the book's snapshots. */
  private ActorRef<BookSnapshotter.Message> spawnSnapshotter() {
    ActorRef<BookSnapshotter.Message> s = ctx.spawn(
        BookSnapshotter.create(BookIds.persistenceId(symbol).id(), settings), "snapshotter-" + (++snapshotterGeneration));
    ctx.watch(s);
    return s;
  }

  /**
   * The snapshotter's copy went wrong (it threw). A new one starts after the next write, from the
   * book as it is then: only there is the state exactly what is durable (a signal may come while a
   * batch, applied ahead, is still being written).
   */
  private void onSnapshotterStopped(BookState state, Terminated t) {
    if (t.getRef().equals(snapshotter)) {
      logContext.log(() -> ctx.getLog().error("the snapshotter of {} stopped ({}); a new one starts after the next write", symbol,
          t instanceof ChildFailed f ? f.getCause().toString() : "stopped"));
      snapshotter = null;
    }
  }

  /** After a durable write: the snapshotter hears of it, or is started anew from the book. */
  private void toSnapshotter(BookState durable, EventBatch written, long sequenceNr) {
    if (snapshotter == null) {
      snapshotter = spawnSnapshotter();
      snapshotter.tell(new BookSnapshotter.Start(SnapshotCodec.encode(durable), List.of(), sequenceNr));
    } else {
      snapshotter.tell(new BookSnapshotter.Applied(written, sequenceNr));
    }
  }

  @Override
  public BookState emptyState() {
    return BookState.empty(settings.recentTrades());
  }

  /** Snapshots are the {@link BookSnapshotter}'s: Pekko's own would stop the book while written. */
  @Override
  public SignalHandler<BookState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state.position() < 0) {
            // A snapshot from before positions were recorded, and no row after it: its rows
            // held one event each, so the position is the sequence number.
            state.positionAt(lastSequenceNumber(ctx));
          }
          snapshotter.tell(replayed == null
              ? new BookSnapshotter.Start(SnapshotCodec.encode(state), List.of(), lastSequenceNumber(ctx))
              : new BookSnapshotter.Start(recoveredSnapshot, List.copyOf(replayed), lastSequenceNumber(ctx)));
          recoveredSnapshot = null;
          replayed = null;
          scheduleExpiry(state);
          long recoveryNanos = System.nanoTime() - startedNanos;
          metrics.recovered(recoveryNanos, recoveredEvents);
          logContext.log(() -> ctx.getLog().info("book {} recovered at event position {}: {} events after the snapshot, {} ms",
              symbol, state.position(), recoveredEvents, recoveryNanos / 1_000_000));
        })
        .onSignal(Terminated.class, this::onSnapshotterStopped)
        .build();
  }

  /** Snapshots are stored as bytes (the depth stream reads them without the whole state). */
  @Override
  public SnapshotAdapter<BookState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(BookState state) {
        return new SnapshotBytes(SnapshotCodec.encode(state));
      }

      @Override
      public BookState fromJournal(Object stored) {
        recoveredSnapshot = ((SnapshotBytes) stored).bytes();
        return SnapshotCodec.decode(recoveredSnapshot, settings.recentTrades());
      }
    };
  }

  /** Live, the events were applied when decided; in recovery, apply them now. */
  @Override
  public EventHandler<BookState, EventBatch> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((state, batch) -> {
      if (appliedAhead > 0) {
        appliedAhead--;
        return state;
      }
      EventBatch placed = batch.placedAt(lastSequenceNumber(ctx));
      recoveredEvents += placed.events().size();
      if (replayed != null) {
        replayed.add(placed);
        replayedEvents += placed.events().size();
        if (replayedEvents > MAX_HANDOVER_EVENTS) {
          replayed = null;
        }
      }
      return state.apply(placed);
    });
  }

  @Override
  public CommandHandlerWithReply<Batch, EventBatch, BookState> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState().onCommand(Batch.class, this::onBatch).build();
  }

  private ReplyEffect<EventBatch, BookState> onBatch(BookState state, Batch batch) {
    List<BookEvent> events = new ArrayList<>(batch.commands().size() * 3);
    List<BookReply> replies = new ArrayList<>(batch.commands().size());
    long firstPosition = state.position() + 1;
    if (batch.commands().isEmpty()) {
      // The expiry timer fired: it is set anew below, whether or not anything was due.
      expiryTimerAt = Long.MIN_VALUE;
      processor.expireDue(state, events);
    }
    for (BookCommand c : batch.commands()) {
      BookReply reply = processor.process(state, c.request(), events);
      replies.add(reply);
      metrics.command(c.request(), reply);
    }
    scheduleExpiry(state);
    GroupCommit.Written done = new GroupCommit.Written(batch.batchNo());
    if (events.isEmpty()) {
      sendReplies(batch, replies);
      return Effect().reply(batch.done(), done);
    }
    EventBatch written = new EventBatch(firstPosition, events);
    appliedAhead++;
    long persistedAt = System.nanoTime();
    return Effect().persist(written)
        .thenRun(s -> {
          metrics.written(batch.commands().size(), System.nanoTime() - persistedAt, events);
          long sequenceNr = lastSequenceNumber(ctx);
          toSnapshotter(s, written, sequenceNr);
          // Answered and published only once the write is on stable storage. The front may send
          // the next batch meanwhile, so its write overlaps this force; its own answers wait for a
          // force that begins after its write, which covers this batch too.
          settings.durable().forced().thenRun(() -> {
            sendReplies(batch, replies);
            published.tell(Topic.publish(new BookEventsPublished(symbol, sequenceNr, written)));
          });
        })
        .thenReply(batch.done(), s -> done);
  }

  /**
   * GTD orders expire on a timer that sends the book an empty batch: its expiries are then
   * decided and written like any command's events (commands in between expire due orders first).
   */
  private void scheduleExpiry(BookState state) {
    long next = state.book().nextExpiryMillis();
    if (next == expiryTimerAt) {
      return;
    }
    expiryTimerAt = next;
    if (next == Long.MAX_VALUE) {
      timers.cancel(EXPIRY_TIMER);
      return;
    }
    long delay = Math.min(MAX_TIMER_MILLIS, Math.max(1, next - settings.clockMillis().getAsLong() + 1));
    timers.startSingleTimer(EXPIRY_TIMER, new Batch(0, List.of(), ctx.getSystem().ignoreRef()), Duration.ofMillis(delay));
  }

  private static final String EXPIRY_TIMER = "expiry";

  private static void sendReplies(Batch batch, List<BookReply> replies) {
    BookCommand.answerAll(batch.commands(), replies);
  }
}
