package bookshard.entity;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Group commit in front of one journal writer (a book, an account's ledger), written once for
 * both. While the writer writes a batch, commands wait here; when it reports the batch durable,
 * everything waiting (up to {@code maxBatch}) goes as the next batch: one journal round trip for
 * many commands.
 * <ul>
 *   <li>A full queue ({@code maxQueued}) answers each further command at once ({@link Sink#overloaded})
 *   rather than holding it in memory.
 *   <li>A command that waited longer than {@code maxWait} is answered the same way when its turn
 *   comes, and never written: a caller hears "overloaded" within a bound it can wait for,
 *   instead of a timeout that leaves it unsure whether its command was applied.
 *   <li>A batch whose confirmation never comes (its writer restarted) is given up after
 *   {@code batchTimeout}, so the queue does not wait forever; a late confirmation is harmless,
 *   as the writer takes batches one after the other.
 *   <li>A writer that stops (a journal write or its recovery failed) is started again after a
 *   backoff that doubles while failures repeat, and takes the queue. Nothing of the failed batch
 *   was acknowledged; its callers time out and retry with their ids.
 * </ul>
 *
 * @param <C> the commands queued
 * @param <W> what the writer receives
 */
final class GroupCommit<C, W> {
  /** The writer's confirmation that batch {@code no} is durable and answered. */
  record Written(long no) {}

  private record TimedOut(long no) {}

  private record Respawn() {}

  record Settings(int maxQueued, int maxBatch, Duration batchTimeout, Duration firstRespawnDelay,
      Duration maxRespawnDelay, Duration maxWait) {
    /** No bound on how long a command may wait. */
    Settings(int maxQueued, int maxBatch, Duration batchTimeout, Duration firstRespawnDelay, Duration maxRespawnDelay) {
      this(maxQueued, maxBatch, batchTimeout, firstRespawnDelay, maxRespawnDelay, Duration.ofDays(365));
    }
  }

  /** How a batch is handed to the writer: its message (a record's constructor, say). */
  interface BatchMessage<C, W> {
    W of(long no, List<C> commands, ActorRef<Written> done);
  }

  /**
   * What the owner hears: a command refused for a full queue, and the queue's depth as it
   * changes; and how a message that holds several commands unpacks (each then queued as if it
   * came alone).
   */
  interface Sink<C> {
    void overloaded(C command);

    default void queueDepth(int depth) {}

    /** The commands {@code message} holds, or null if it is one command. */
    default List<C> unpack(C message) {
      return null;
    }
  }

  private final ActorContext<Object> ctx;
  private final TimerScheduler<Object> timers;
  private final String name;
  private final LogContext logContext;
  private final Class<C> commandType;
  private final Supplier<Behavior<W>> writer;
  private final BatchMessage<C, W> batchMessage;
  private final Settings settings;
  private final Sink<C> sink;
  private final ArrayDeque<C> queue = new ArrayDeque<>();
  /** When each queued command arrived (System.nanoTime, or the test's clock), in queue order. */
  private final Arrivals arrivals = new Arrivals();
  private final java.util.function.LongSupplier nanoClock;
  private final long maxWaitNanos;
  private ActorRef<W> current;
  private int generation;
  private long batchNo;
  private boolean writing;
  private Duration respawnDelay;

  /** {@code logContext}: what the front's log lines are tagged with (the book, the account). */
  GroupCommit(ActorContext<Object> ctx, TimerScheduler<Object> timers, String name, LogContext logContext,
      Class<C> commandType, Supplier<Behavior<W>> writer, BatchMessage<C, W> batchMessage, Settings settings,
      Sink<C> sink) {
    this(ctx, timers, name, logContext, commandType, writer, batchMessage, settings, sink, System::nanoTime);
  }

  GroupCommit(ActorContext<Object> ctx, TimerScheduler<Object> timers, String name, LogContext logContext,
      Class<C> commandType, Supplier<Behavior<W>> writer, BatchMessage<C, W> batchMessage, Settings settings,
      Sink<C> sink, java.util.function.LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.maxWaitNanos = settings.maxWait().toNanos();
    this.ctx = ctx;
    this.timers = timers;
    this.name = name;
    this.logContext = logContext;
    this.commandType = commandType;
    this.writer = writer;
    this.batchMessage = batchMessage;
    this.settings = settings;
    this.sink = sink;
    this.respawnDelay = settings.firstRespawnDelay();
    spawn();
  }

  /** The writer now (for messages that are not batches, such as a ledger's sweep). */
  ActorRef<W> writer() {
    return current;
  }

  /** The front's behavior; the owner may add handlers for its own messages before building it. */
  BehaviorBuilder<Object> behavior() {
    return Behaviors.receive(Object.class)
        .onMessage(commandType, this::onCommand)
        .onMessage(Written.class, w -> {
          respawnDelay = settings.firstRespawnDelay();
          return onBatchEnd(w.no());
        })
        .onMessage(TimedOut.class, t -> {
          logContext.log(() -> ctx.getLog().warn("{}: batch {} not confirmed within {}; sending the next one", name,
              t.no(), settings.batchTimeout()));
          return onBatchEnd(t.no());
        })
        .onMessage(Respawn.class, r -> {
          spawn();
          writing = false;
          sendIfWaiting();
          return Behaviors.same();
        })
        .onSignal(Terminated.class, t -> onWriterStopped());
  }

  private Behavior<Object> onCommand(C message) {
    List<C> commands = sink.unpack(message);
    if (commands == null) {
      offer(message);
    } else {
      commands.forEach(this::offer);
    }
    sink.queueDepth(queue.size());
    if (!writing) {
      sendIfWaiting();
    }
    return Behaviors.same();
  }

  private void offer(C c) {
    if (queue.size() >= settings.maxQueued()) {
      sink.overloaded(c);
    } else {
      queue.add(c);
      arrivals.add(nanoClock.getAsLong());
    }
  }

  private Behavior<Object> onBatchEnd(long no) {
    if (no == batchNo && writing) {
      writing = false;
      timers.cancel("batch");
      sendIfWaiting();
    }
    return Behaviors.same();
  }

  private Behavior<Object> onWriterStopped() {
    logContext.log(() -> ctx.getLog().warn(
        "{} stopped (a journal write or recovery failed); recovering it from the journal in {} ms", name,
        respawnDelay.toMillis()));
    timers.cancel("batch");
    writing = true;
    timers.startSingleTimer("respawn", new Respawn(), respawnDelay);
    Duration doubled = respawnDelay.multipliedBy(2);
    respawnDelay = doubled.compareTo(settings.maxRespawnDelay()) > 0 ? settings.maxRespawnDelay() : doubled;
    return Behaviors.same();
  }

  /** Arrival times as a growing ring of longs (no boxing per command). */
  private static final class Arrivals {
    private long[] times = new long[16];
    private int head;
    private int size;

    void add(long t) {
      if (size == times.length) {
        long[] grown = new long[times.length * 2];
        for (int i = 0; i < size; i++) {
          grown[i] = times[(head + i) % times.length];
        }
        times = grown;
        head = 0;
      }
      times[(head + size) % times.length] = t;
      size++;
    }

    long oldest() {
      return times[head];
    }

    void removeOldest() {
      head = (head + 1) % times.length;
      size--;
    }
  }

  private void spawn() {
    current = ctx.spawn(writer.get(), name + "-" + (++generation));
    ctx.watch(current);
  }

  private void sendIfWaiting() {
    long now = nanoClock.getAsLong();
    while (!queue.isEmpty() && now - arrivals.oldest() > maxWaitNanos) {
      arrivals.removeOldest();
      sink.overloaded(queue.poll());
    }
    if (!queue.isEmpty()) {
      send();
    } else {
      sink.queueDepth(0);
    }
  }

  private void send() {
    int n = Math.min(queue.size(), settings.maxBatch());
    List<C> batch = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      batch.add(queue.poll());
      arrivals.removeOldest();
    }
    sink.queueDepth(queue.size());
    writing = true;
    current.tell(batchMessage.of(++batchNo, batch, ctx.getSelf().narrow()));
    timers.startSingleTimer("batch", new TimedOut(batchNo), settings.batchTimeout());
  }
}
