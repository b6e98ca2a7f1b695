package bookshard.entity;

import bookshard.protocol.BookCommand;
import bookshard.protocol.BookReply;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The sharded entity of a book: a bounded queue in front of the persistent {@link PersistentBook}.
 *
 * <p>Group commit: while one batch is being written, commands queue here; when the write is
 * done, everything queued (up to {@code maxBatch}) goes to the book as the next batch, i.e. one
 * journal round trip for many commands. When {@code maxQueued} commands wait, further commands
 * are answered {@link BookReply.Overloaded} at once instead of piling up in memory.
 */
public final class ShardedBook {
  private record BatchTimedOut(long batchNo) {}

  private record Respawn() {}

  private static final Duration FIRST_RESPAWN_DELAY = Duration.ofMillis(200);
  private static final Duration MAX_RESPAWN_DELAY = Duration.ofSeconds(5);

  private final ActorContext<Object> ctx;
  private final TimerScheduler<Object> timers;
  private final String symbol;
  private final BookSettings settings;
  private ActorRef<PersistentBook.Batch> book;
  private int generation;
  private Duration respawnDelay = FIRST_RESPAWN_DELAY;
  private final ArrayDeque<BookCommand> queue = new ArrayDeque<>();
  private long batchNo;
  private boolean writing;
  private final BookMetrics.Book metrics;

  public static Behavior<BookCommand> create(String symbol, BookSettings settings) {
    return create(symbol, settings, null);
  }

  /**
   * {@code companion}: a behavior to run beside the book, wherever the book runs (one per book
   * in the cluster; the Kafka publisher), or null.
   */
  public static Behavior<BookCommand> create(String symbol, BookSettings settings,
      java.util.function.Function<String, Behavior<?>> companion) {
    // Every line the book's actors log names the book ("book" in the MDC: a field in JSON logs).
    return Behaviors.withMdc(Object.class, java.util.Map.of("book", symbol),
        Behaviors.<Object>setup(ctx -> Behaviors.withTimers(timers -> {
          if (companion != null) {
            ctx.spawn(companion.apply(symbol), "companion");
          }
          return new ShardedBook(ctx, timers, symbol, settings).behavior();
        })))
        .narrow();
  }

  private ShardedBook(ActorContext<Object> ctx, TimerScheduler<Object> timers, String symbol, BookSettings settings) {
    this.ctx = ctx;
    this.timers = timers;
    this.symbol = symbol;
    this.settings = settings;
    this.metrics = settings.metrics().book(symbol);
    spawnBook();
  }

  private void spawnBook() {
    book = ctx.spawn(PersistentBook.create(symbol, settings), "book-" + (++generation));
    ctx.watch(book);
  }

  /**
   * The book stops when a journal write or its recovery fails. Nothing of the failed batch was
   * acknowledged; its callers time out and retry (with their clientOrderId). The queue waits, and
   * a new book recovers from the journal, after a backoff that grows while failures repeat.
   */
  private Behavior<Object> onBookStopped() {
    ctx.getLog().warn("book {} stopped (a journal write or recovery failed); recovering it from the journal in {} ms",
        symbol, respawnDelay.toMillis());
    timers.cancel("batch");
    writing = true;
    timers.startSingleTimer("respawn", new Respawn(), respawnDelay);
    Duration doubled = respawnDelay.multipliedBy(2);
    respawnDelay = doubled.compareTo(MAX_RESPAWN_DELAY) > 0 ? MAX_RESPAWN_DELAY : doubled;
    return Behaviors.same();
  }

  private Behavior<Object> behavior() {
    return Behaviors.receive(Object.class)
        .onMessage(BookCommand.class, this::onCommand)
        .onMessage(PersistentBook.BatchDone.class, done -> {
          respawnDelay = FIRST_RESPAWN_DELAY;
          return onBatchEnd(done.batchNo());
        })
        .onMessage(Respawn.class, r -> {
          spawnBook();
          writing = false;
          if (!queue.isEmpty()) {
            sendBatch();
          }
          return Behaviors.same();
        })
        .onSignal(Terminated.class, t -> onBookStopped())
        .onMessage(BatchTimedOut.class, t -> {
          ctx.getLog().warn("batch {} not confirmed within {}; sending the next one", t.batchNo(),
              settings.batchTimeout());
          return onBatchEnd(t.batchNo());
        })
        .build();
  }

  private Behavior<Object> onCommand(BookCommand c) {
    if (queue.size() >= settings.maxQueued()) {
      metrics.overloaded();
      c.replyTo().tell(new BookReply.Overloaded());
      return Behaviors.same();
    }
    queue.add(c);
    metrics.queueDepth.set(queue.size());
    if (!writing) {
      sendBatch();
    }
    return Behaviors.same();
  }

  private Behavior<Object> onBatchEnd(long n) {
    if (n == batchNo && writing) {
      writing = false;
      timers.cancel("batch");
      if (!queue.isEmpty()) {
        sendBatch();
      }
    }
    return Behaviors.same();
  }

  private void sendBatch() {
    int n = Math.min(queue.size(), settings.maxBatch());
    List<BookCommand> batch = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      batch.add(queue.poll());
    }
    metrics.queueDepth.set(queue.size());
    batchNo++;
    writing = true;
    book.tell(new PersistentBook.Batch(batchNo, batch, ctx.getSelf().narrow()));
    // A batch whose confirmation never comes (the book restarted) must not block the queue;
    // a late one is harmless, the book handles batches strictly one after the other.
    timers.startSingleTimer("batch", new BatchTimedOut(batchNo), settings.batchTimeout());
  }
}
