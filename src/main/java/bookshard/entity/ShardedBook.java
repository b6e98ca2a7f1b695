package bookshard.entity;

import bookshard.protocol.BookCommand;
import bookshard.protocol.BookReply;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The sharded entity of a book: a {@link GroupCommit} front (bounded queue, one batch in flight,
 * overload replies, batch timeout, backoff) in front of the persistent {@link PersistentBook}.
 * When {@code maxQueued} commands wait, further commands are answered {@link BookReply.Overloaded}
 * at once instead of piling up in memory.
 */
public final class ShardedBook {
  private static final Duration FIRST_RESPAWN_DELAY = Duration.ofMillis(200);
  private static final Duration MAX_RESPAWN_DELAY = Duration.ofSeconds(5);

  private ShardedBook() {}

  public static Behavior<BookCommand> create(String symbol, BookSettings settings) {
    return create(symbol, settings, null);
  }

  /**
   * {@code companion}: a behavior to run beside the book, wherever the book runs (one per book
   * in the cluster; the Kafka publisher), or null.
   */
  public static Behavior<BookCommand> create(String symbol, BookSettings settings,
      java.util.function.Function<String, Behavior<?>> companion) {
    return Behaviors.<Object>setup(ctx -> Behaviors.withTimers(timers -> {
          if (companion != null) {
            ctx.spawn(companion.apply(symbol), "companion");
          }
          BookMetrics.Book metrics = settings.metrics().book(symbol);
          return new GroupCommit<>(ctx, timers, "book", new LogContext("book", symbol), BookCommand.class,
              () -> PersistentBook.create(symbol, settings), PersistentBook.Batch::new,
              new GroupCommit.Settings(settings.maxQueued(), settings.maxBatch(), settings.batchTimeout(),
                  FIRST_RESPAWN_DELAY, MAX_RESPAWN_DELAY, settings.maxQueueWait()),
              new GroupCommit.Sink<BookCommand>() {
                @Override
                public void overloaded(BookCommand c) {
                  metrics.overloaded();
                  c.answer(new BookReply.Overloaded());
                }

                @Override
                public List<BookCommand> unpack(BookCommand c) {
                  return c.unbatched();
                }

                @Override
                public void queueDepth(int depth) {
                  metrics.queueDepth.set(depth);
                }
              }).behavior().build();
        }))
        .narrow();
  }
}
