package bookshard.feed;

import bookshard.book.BookEvent;
import bookshard.book.DepthBook;
import bookshard.book.DepthChecksum;
import bookshard.book.DepthTracker;
import bookshard.book.EventBatch;
import bookshard.book.LevelView;
import bookshard.book.Side;
import bookshard.protocol.BookIds;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSink;

/**
 * One follower of a book's depth per node, shared by every depth and best-bid-offer subscriber
 * of that book on the node: the book's levels are kept once ({@link DepthBook}: levels, not
 * orders, since events say where the orders they move are) and each event applied once, however
 * many clients watch.
 *
 * <p>A subscriber gets the book as of the journal's last row when it asked (the follower waits
 * until it has applied that row), then every later change. The follower cannot wait for a slow
 * subscriber: one that falls {@link #SUBSCRIBER_BUFFER} messages behind has its stream failed,
 * and resubscribes to a fresh snapshot (as a WebSocket client whose connection cannot keep up
 * is disconnected). A follower without subscribers for {@code idle} stops.
 */
final class SharedDepth {
  static final int SUBSCRIBER_BUFFER = 8192;
  /** After a follower leaves the registry, how long it still serves a subscriber that found it just before. */
  private static final Duration GRACE = Duration.ofSeconds(5);

  enum Kind { DEPTH, BBO }

  /** A book's levels as a snapshot left them, its journal row and event position. */
  record Start(DepthBook book, long sequenceNr, long position) {}

  /** A book's journal rows from row {@code from} on, without end. */
  interface RowsFrom {
    Source<EventEnvelope, NotUsed> rows(String persistenceId, long from);
  }

  private final ActorSystem<?> system;
  private final Function<String, CompletionStage<Start>> latestSnapshot;
  private final Function<String, CompletionStage<Long>> lastRow;
  private final RowsFrom rows;
  private final Duration idle;
  private final Map<String, ActorRef<Message>> followers = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  /** {@code lastRow}: a book's last journal row now (0 if none), by persistence id. */
  SharedDepth(ActorSystem<?> system, Function<String, CompletionStage<Start>> latestSnapshot,
      Function<String, CompletionStage<Long>> lastRow, RowsFrom rows, Duration idle) {
    this.system = system;
    this.latestSnapshot = latestSnapshot;
    this.lastRow = lastRow;
    this.rows = rows;
    this.idle = idle;
  }

  @SuppressWarnings("unchecked")
  <T> Source<T, NotUsed> subscribe(String symbol, Kind kind) {
    long id = ids.incrementAndGet();
    return Source.<Object>queue(SUBSCRIBER_BUFFER).watchTermination((queue, done) -> {
      ActorRef<Message> follower = followers.computeIfAbsent(symbol, this::spawn);
      follower.tell(new Subscribe(id, kind, queue));
      done.whenComplete((d, t) -> follower.tell(new Unsubscribe(id)));
      return NotUsed.notUsed();
    }).map(o -> (T) o);
  }

  /** Books followed on this node now. */
  int followed() {
    return followers.size();
  }

  private ActorRef<Message> spawn(String symbol) {
    String name = "depth-" + URLEncoder.encode(symbol, StandardCharsets.UTF_8) + "-" + ids.incrementAndGet();
    return system.systemActorOf(Behaviors.<Message>setup(ctx -> Behaviors.withTimers(timers ->
        new Follower(ctx, timers, symbol))), name, Props.empty());
  }

  interface Message {}

  private record Subscribe(long id, Kind kind, BoundedSourceQueue<Object> queue) implements Message {}

  private record Unsubscribe(long id) implements Message {}

  /** The journal's last row when a subscriber asked: it is served once the book has applied it. */
  private record ServeAt(Subscribe subscriber, long row, Throwable failure) implements Message {}

  private record Loaded(Start start, Throwable failure) implements Message {}

  private record RowIn(ActorRef<Ack> ack, EventEnvelope env) implements Message {}

  private record RowsFailed(Throwable failure) implements Message {}

  private enum Ack { ACK }

  private enum Tick implements Message { IDLE, GRACE_OVER, ROWS_ENDED }

  private final class Follower extends AbstractBehavior<Message> {
    private final String symbol;
    private final String pid;
    private final TimerScheduler<Message> timers;
    private DepthTracker tracker;
    private long row;
    private long position;
    private final Map<Long, Subscribe> depth = new LinkedHashMap<>();
    private final Map<Long, Subscribe> bbo = new LinkedHashMap<>();
    /** Asked, not yet served: waiting for the book to reach their row. */
    private final Map<Long, ServeAt> waiting = new LinkedHashMap<>();
    private MarketData.BestBidOffer lastTop;
    private boolean registered = true;
    private Throwable stopCause;

    Follower(ActorContext<Message> ctx, TimerScheduler<Message> timers, String symbol) {
      super(ctx);
      this.timers = timers;
      this.symbol = symbol;
      this.pid = BookIds.persistenceId(symbol).id();
      ctx.pipeToSelf(latestSnapshot.apply(pid), Loaded::new);
    }

    @Override
    public Receive<Message> createReceive() {
      return newReceiveBuilder()
          .onMessage(Loaded.class, this::loaded)
          .onMessage(Subscribe.class, this::subscribe)
          .onMessage(ServeAt.class, this::serveAt)
          .onMessage(RowIn.class, this::row)
          .onMessage(Unsubscribe.class, this::unsubscribe)
          .onMessage(RowsFailed.class, f -> failAll(f.failure()))
          .onMessageEquals(Tick.ROWS_ENDED, () -> failAll(new IllegalStateException(symbol + ": the journal stream ended")))
          .onMessageEquals(Tick.IDLE, this::idle)
          .onMessageEquals(Tick.GRACE_OVER, () -> isIdle() ? Behaviors.stopped() : this)
          .onSignal(PostStop.class, s -> {
            unregister();
            // A failure ends the subscribers' streams with it; the node stopping just ends them.
            List<BoundedSourceQueue<Object>> queues = new ArrayList<>();
            depth.values().forEach(x -> queues.add(x.queue()));
            bbo.values().forEach(x -> queues.add(x.queue()));
            waiting.values().forEach(x -> queues.add(x.subscriber().queue()));
            queues.forEach(q -> end(q, stopCause));
            return this;
          })
          .build();
    }

    private Behavior<Message> loaded(Loaded l) {
      if (l.failure() != null) {
        return failAll(l.failure());
      }
      tracker = new DepthTracker(l.start().book());
      row = l.start().sequenceNr();
      position = l.start().position();
      ActorRef<Message> self = getContext().getSelf();
      rows.rows(pid, row + 1).runWith(ActorSink.actorRefWithBackpressure(self, RowIn::new,
          ack -> new RowIn(ack, null), Ack.ACK, Tick.ROWS_ENDED, RowsFailed::new), system);
      List<ServeAt> ready = new ArrayList<>(waiting.values());
      ready.forEach(this::serveAt);
      return this;
    }

    private Behavior<Message> subscribe(Subscribe s) {
      timers.cancel(Tick.IDLE);
      getContext().pipeToSelf(lastRow.apply(pid), (last, t) -> new ServeAt(s, last == null ? 0 : last, t));
      waiting.put(s.id(), new ServeAt(s, Long.MAX_VALUE, null));
      return this;
    }

    private Behavior<Message> serveAt(ServeAt at) {
      Subscribe s = at.subscriber();
      if (!waiting.containsKey(s.id())) {
        return this;
      }
      if (at.failure() != null) {
        waiting.remove(s.id());
        end(s.queue(), at.failure());
        return this;
      }
      waiting.put(s.id(), at);
      if (tracker != null && row >= at.row()) {
        waiting.remove(s.id());
        serve(s);
      }
      return this;
    }

    private void serve(Subscribe s) {
      DepthBook book = tracker.book();
      if (s.kind() == Kind.DEPTH) {
        offer(depth, s, new DepthMessage.Snapshot(position, book.depth(Side.BUY), book.depth(Side.SELL),
            DepthChecksum.of(book)));
      } else {
        if (bbo.isEmpty()) {
          lastTop = top(book, position);
        }
        offer(bbo, s, lastTop);
      }
    }

    private Behavior<Message> row(RowIn in) {
      if (in.env() != null) {
        EventBatch batch = ((EventBatch) in.env().event()).placedAt(in.env().sequenceNr());
        long at = batch.firstPosition();
        for (BookEvent e : batch.events()) {
          tracker.apply(e);
          var changes = tracker.drainChanges();
          if (!changes.isEmpty()) {
            if (!depth.isEmpty()) {
              DepthMessage update = new DepthMessage.Update(at, changes, DepthChecksum.of(tracker.book()));
              for (Subscribe s : List.copyOf(depth.values())) {
                offer(depth, s, update);
              }
            }
            if (!bbo.isEmpty()) {
              MarketData.BestBidOffer now = top(tracker.book(), at);
              if (!Objects.equals(now.bid(), lastTop.bid()) || !Objects.equals(now.ask(), lastTop.ask())) {
                for (Subscribe s : List.copyOf(bbo.values())) {
                  offer(bbo, s, now);
                }
              }
              lastTop = now;
            }
          }
          at++;
        }
        row = in.env().sequenceNr();
        position = batch.lastPosition();
        for (ServeAt w : List.copyOf(waiting.values())) {
          if (row >= w.row()) {
            waiting.remove(w.subscriber().id());
            serve(w.subscriber());
          }
        }
      }
      in.ack().tell(Ack.ACK);
      return this;
    }

    /** A subscriber that cannot take a message has fallen too far behind: its stream fails, the others go on. */
    private void offer(Map<Long, Subscribe> to, Subscribe s, Object message) {
      QueueOfferResult r = s.queue().offer(message);
      if (r == QueueOfferResult.enqueued()) {
        to.put(s.id(), s);
      } else {
        to.remove(s.id());
        end(s.queue(), new IllegalStateException(symbol + ": " + s.kind().name().toLowerCase()
            + " subscriber fell " + SUBSCRIBER_BUFFER + " messages behind; subscribe again for a fresh snapshot"));
      }
    }

    /**
     * Ends a subscriber's stream: completed ({@code cause} null) or failed. A queue its stream
     * already closed (the subscriber left, or the node is stopping its streams too) has nothing
     * left to end, and a second end would throw.
     */
    private static void end(BoundedSourceQueue<Object> queue, Throwable cause) {
      try {
        if (cause == null) {
          queue.complete();
        } else {
          queue.fail(cause);
        }
      } catch (IllegalStateException alreadyEnded) {
        // Its stream is gone: nobody to tell.
      }
    }

    private Behavior<Message> unsubscribe(Unsubscribe u) {
      depth.remove(u.id());
      bbo.remove(u.id());
      waiting.remove(u.id());
      if (isIdle()) {
        if (!registered) {
          return Behaviors.stopped();
        }
        timers.startSingleTimer(Tick.IDLE, idle);
      }
      return this;
    }

    private Behavior<Message> idle() {
      if (!isIdle()) {
        return this;
      }
      unregister();
      timers.startSingleTimer(Tick.GRACE_OVER, GRACE);
      return this;
    }

    private boolean isIdle() {
      return depth.isEmpty() && bbo.isEmpty() && waiting.isEmpty();
    }

    private void unregister() {
      if (registered) {
        registered = false;
        followers.remove(symbol, getContext().getSelf());
      }
    }

    private Behavior<Message> failAll(Throwable failure) {
      if (failure instanceof org.apache.pekko.stream.AbruptStageTerminationException) {
        // The node is stopping and its streams with it: nothing is wrong.
        getContext().getLog().debug("depth of {} stopped with the node", symbol);
      } else {
        getContext().getLog().warn("depth of {} stopped: {}", symbol, failure.toString());
        stopCause = failure;
      }
      unregister();
      return Behaviors.stopped();
    }
  }

  static MarketData.BestBidOffer top(DepthBook book, long position) {
    List<LevelView> bid = book.depth(Side.BUY, 1);
    List<LevelView> ask = book.depth(Side.SELL, 1);
    return new MarketData.BestBidOffer(position, bid.isEmpty() ? null : bid.get(0), ask.isEmpty() ? null : ask.get(0));
  }
}
