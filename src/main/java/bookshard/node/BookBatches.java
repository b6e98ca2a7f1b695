package bookshard.node;

import bookshard.protocol.BookCommand;
import bookshard.protocol.BookIds;
import bookshard.protocol.BookReply;
import bookshard.protocol.BookRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Requests to books from a member that hosts none (a client member), sent per book in batches
 * ({@link BookRequest.Batch}): requests to a book go at once while fewer than
 * {@link #MAX_IN_FLIGHT} messages to it are unanswered (one to an idle book alone); those that
 * arrive while that many are wait, and go together as the next batch when one is answered. The
 * book answers with {@link BookReply.Replies} to a long-lived receiver here (one per book, so
 * books' replies do not queue behind each other), whose address the node resolves once; an ask
 * instead makes a temporary actor per request, which the client registers and the node parses
 * afresh.
 *
 * <p>A batch unanswered after the timeout fails its requests (as an ask times out): each may or
 * may not have been applied, and a retry with its clientOrderId tells which.
 */
final class BookBatches {
  /** Batches on their way per book: enough to keep the book's journal busy while replies travel. */
  static final int MAX_IN_FLIGHT = 4;
  /** Requests per batch at most. */
  static final int MAX_ITEMS = 512;

  private final ClusterSharding sharding;
  private final ActorSystem<?> system;
  private final Duration timeout;
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong receivers = new AtomicLong();
  private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Waiting> waiting = new ConcurrentHashMap<>();

  private record Waiting(CompletableFuture<BookReply> reply, Sent batch) {}

  BookBatches(ClusterSharding sharding, ActorSystem<?> system, Duration timeout) {
    this.sharding = sharding;
    this.system = system;
    this.timeout = timeout;
  }

  private ActorRef<BookReply> newReceiver() {
    return system.systemActorOf(Behaviors.receive(BookReply.class)
        .onMessage(BookReply.Replies.class, r -> {
          r.items().forEach(this::answered);
          return Behaviors.same();
        })
        .build(), "book-replies-" + receivers.incrementAndGet(), Props.empty());
  }

  CompletableFuture<BookReply> send(String symbol, BookRequest request) {
    CompletableFuture<BookReply> reply = new CompletableFuture<>();
    lanes.computeIfAbsent(symbol, Lane::new).add(new BookRequest.Batch.Item(ids.incrementAndGet(), request), reply);
    return reply;
  }

  private void answered(BookReply.Replies.Item item) {
    Waiting w = waiting.remove(item.id());
    if (w != null) {
      w.batch().answeredOne();
      w.reply().complete(item.reply());
    }
  }

  /** A batch on its way: done when every item is answered or it timed out, whichever first. */
  private final class Sent {
    private final Lane lane;
    private final List<Long> ids;
    private int unanswered;
    private boolean done;

    Sent(Lane lane, List<Long> ids) {
      this.lane = lane;
      this.ids = ids;
      this.unanswered = ids.size();
    }

    void answeredOne() {
      boolean last;
      synchronized (this) {
        last = --unanswered == 0 && !done;
        done |= last;
      }
      if (last) {
        lane.batchDone();
      }
    }

    void timedOut() {
      synchronized (this) {
        if (done) {
          return;
        }
        done = true;
      }
      for (long id : ids) {
        Waiting w = waiting.remove(id);
        if (w != null) {
          w.reply().completeExceptionally(new TimeoutException(
              "no answer from book " + lane.symbol + " within " + timeout.toMillis() + " ms"));
        }
      }
      lane.batchDone();
    }
  }

  /** One book's requests: those waiting to go, and how many batches are on their way. */
  private final class Lane {
    private final String symbol;
    private final ActorRef<BookReply> receiver = newReceiver();
    private final ArrayDeque<BookRequest.Batch.Item> queue = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<BookReply>> replies = new ArrayDeque<>();
    private int inFlight;

    Lane(String symbol) {
      this.symbol = symbol;
    }

    // Batches are sent under the lock, so requests reach the book in the order they were added.

    synchronized void add(BookRequest.Batch.Item item, CompletableFuture<BookReply> reply) {
      queue.add(item);
      replies.add(reply);
      if (inFlight < MAX_IN_FLIGHT) {
        sendNext();
      }
    }

    synchronized void batchDone() {
      inFlight--;
      if (!queue.isEmpty()) {
        sendNext();
      }
    }

    private void sendNext() {
      inFlight++;
      go(take());
    }

    /** The next batch, registered before it is sent so no reply can come first. */
    private List<BookRequest.Batch.Item> take() {
      int n = Math.min(queue.size(), MAX_ITEMS);
      List<BookRequest.Batch.Item> items = new ArrayList<>(n);
      List<Long> itemIds = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        items.add(queue.poll());
        itemIds.add(items.get(i).id());
      }
      Sent sent = new Sent(this, itemIds);
      for (int i = 0; i < n; i++) {
        waiting.put(itemIds.get(i), new Waiting(replies.poll(), sent));
      }
      system.scheduler().scheduleOnce(timeout, sent::timedOut, system.executionContext());
      return items;
    }

    private void go(List<BookRequest.Batch.Item> items) {
      sharding.entityRefFor(BookIds.TYPE_KEY, symbol).tell(new BookCommand(new BookRequest.Batch(items), receiver));
    }
  }
}
