package bookshard.entity;

import bookshard.protocol.BookCommand;
import bookshard.protocol.BookReply;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
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

  private final ActorContext<Object> ctx;
  private final TimerScheduler<Object> timers;
  private final ActorRef<PersistentBook.Batch> book;
  private final BookSettings settings;
  private final ArrayDeque<BookCommand> queue = new ArrayDeque<>();
  private long batchNo;
  private boolean writing;

  public static Behavior<BookCommand> create(String symbol, BookSettings settings) {
    return Behaviors.<Object>setup(ctx -> Behaviors.withTimers(timers ->
            new ShardedBook(ctx, timers, symbol, settings).behavior()))
        .narrow();
  }

  private ShardedBook(ActorContext<Object> ctx, TimerScheduler<Object> timers, String symbol, BookSettings settings) {
    this.ctx = ctx;
    this.timers = timers;
    this.settings = settings;
    this.book = ctx.spawn(PersistentBook.create(symbol, settings), "book");
    // If the book stops for good, so does this entity; sharding starts both again.
    ctx.watch(book);
  }

  private Behavior<Object> behavior() {
    return Behaviors.receive(Object.class)
        .onMessage(BookCommand.class, this::onCommand)
        .onMessage(PersistentBook.BatchDone.class, done -> onBatchEnd(done.batchNo()))
        .onMessage(BatchTimedOut.class, t -> {
          ctx.getLog().warn("batch {} not confirmed within {}; sending the next one", t.batchNo(),
              settings.batchTimeout());
          return onBatchEnd(t.batchNo());
        })
        .build();
  }

  private Behavior<Object> onCommand(BookCommand c) {
    if (queue.size() >= settings.maxQueued()) {
      c.replyTo().tell(new BookReply.Overloaded());
      return Behaviors.same();
    }
    queue.add(c);
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
    batchNo++;
    writing = true;
    book.tell(new PersistentBook.Batch(batchNo, batch, ctx.getSelf().narrow()));
    // A batch whose confirmation never comes (the book restarted) must not block the queue;
    // a late one is harmless, the book handles batches strictly one after the other.
    timers.startSingleTimer("batch", new BatchTimedOut(batchNo), settings.batchTimeout());
  }
}
