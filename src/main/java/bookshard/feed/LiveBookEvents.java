package bookshard.feed;

import bookshard.async.OnCompletingThread;
import bookshard.protocol.BookEventsPublished;
import bookshard.protocol.BookIds;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.javadsl.BroadcastHub;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A book's durable journal rows (each an {@code EventBatch}) for any number of readers on this
 * node, each from its own sequence number.
 *
 * <p>Live events are pushed: the book's node publishes every write once it is durable (Pekko
 * typed pub-sub), and one subscription per book and node feeds a broadcast hub. A slow journal
 * poll ({@code backstop}) adds whatever lies beyond the last event seen, so a lost push is late,
 * never missing. A reader first reads what is already in the journal from its starting point,
 * then takes the hub's events. It never trusts the hub for completeness: whatever it did not get
 * from the hub (it joined late, a push was lost, or it fell behind and its buffer dropped events
 * so that a slow reader never holds the others back) it reads from the journal before going on;
 * duplicates are dropped; and a sequence number out of turn ends the stream rather than be
 * passed on.
 */
final class LiveBookEvents {
  private final ActorSystem<?> system;
  /** Events a reader may lag behind the hub before the oldest are dropped (and re-read). */
  private final int readerBuffer;
  private final JdbcReadJournal journal;
  private final Duration backstop;
  private final Map<String, Hub> hubs = new ConcurrentHashMap<>();

  /** A book's live events on this node, and the sequence number known durable (reached by them or the journal). */
  private record Hub(Source<EventEnvelope, NotUsed> events, AtomicLong seen) {}

  /** Stands in a reader's stream for "check whether you missed something". */
  private static final EventEnvelope CATCH_UP = EventEnvelope.apply(Offset.noOffset(), "", Long.MIN_VALUE, "", 0L);

  LiveBookEvents(ActorSystem<?> system, JdbcReadJournal journal, int readerBuffer, Duration backstop) {
    this.system = system;
    this.readerBuffer = readerBuffer;
    this.journal = journal;
    this.backstop = backstop;
  }

  /** Every row of {@code persistenceId} from sequence number {@code from} on, in order, each once, without end. */
  Source<EventEnvelope, NotUsed> from(String persistenceId, long from) {
    Hub hub = hub(persistenceId);
    // A reader that joined the hub just after an event passed it (and sees no later one) would
    // wait for the next write; so, now and then, it compares its position with the hub's.
    Source<EventEnvelope, NotUsed> live = hub.events().buffer(readerBuffer, OverflowStrategy.dropHead())
        .merge(Source.tick(backstop, backstop, CATCH_UP).mapMaterializedValue(c -> NotUsed.notUsed()));
    return Source.fromMaterializer((mat, attributes) -> {
      long[] next = {from};
      return journal.currentEventsByPersistenceId(persistenceId, from, Long.MAX_VALUE)
          .concat(live)
          .flatMapConcat(env -> {
            if (env == CATCH_UP) {
              long upTo = hub.seen().get();
              if (next[0] > upTo) {
                return Source.<EventEnvelope>empty();
              }
              long missingFrom = next[0];
              next[0] = upTo + 1;
              return journal.currentEventsByPersistenceId(persistenceId, missingFrom, upTo);
            }
            long seq = env.sequenceNr();
            if (seq < next[0]) {
              return Source.<EventEnvelope>empty();
            }
            long missingFrom = next[0];
            next[0] = seq + 1;
            return seq == missingFrom ? Source.single(env)
                : journal.currentEventsByPersistenceId(persistenceId, missingFrom, seq - 1).concat(Source.single(env));
          })
          .statefulMap(() -> from, (expected, env) -> {
            if (env.sequenceNr() != expected) {
              throw new IllegalStateException(persistenceId + ": row " + env.sequenceNr() + " where " + expected + " was due");
            }
            return Pair.create(expected + 1, env);
          }, expected -> Optional.empty());
    }).mapMaterializedValue(f -> NotUsed.notUsed());
  }

  /** The book's live events from about now: pushed, and what the backstop poll finds beyond them. */
  private Hub hub(String persistenceId) {
    return hubs.computeIfAbsent(persistenceId, pid -> {
      String symbol = BookIds.symbolOf(pid);
      AtomicLong seen = new AtomicLong(-1);
      Source<EventEnvelope, NotUsed> pushed = Source.<BookEventsPublished>queue(readerBuffer)
          .mapMaterializedValue(queue -> {
            subscribe(symbol, queue, seen);
            return NotUsed.notUsed();
          })
          .map(p -> EventEnvelope.apply(Offset.sequence(p.sequenceNr()), pid, p.sequenceNr(), p.batch(), 0L));
      // Events up to the journal's last at the hub's start are the readers' own reads; the poll
      // then asks for what lies beyond the last event the hub passed on, pushed or polled.
      RestartSettings restart = RestartSettings.create(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);
      Source<EventEnvelope, NotUsed> polled = RestartSource.withBackoff(restart, () -> Source.completionStage(
              seen.get() >= 0 ? CompletableFuture.completedFuture(seen.get())
                  : OnCompletingThread.of(journal.currentLastSequenceNumberByPersistenceId(pid)).thenApply(last -> last.orElse(0L)))
          .flatMapConcat(start -> {
            seen.accumulateAndGet(start, Math::max);
            return Source.tick(backstop, backstop, 0)
                .flatMapConcat(tick -> journal.currentEventsByPersistenceId(pid, seen.get() + 1, Long.MAX_VALUE));
          }));
      Source<EventEnvelope, NotUsed> events = pushed.merge(polled)
          .map(env -> {
            seen.accumulateAndGet(env.sequenceNr(), Math::max);
            return env;
          })
          .runWith(BroadcastHub.of(EventEnvelope.class, 256), Materializer.matFromSystem(system));
      return new Hub(events, seen);
    });
  }

  /**
   * One subscription per book and node: the topic's local instance, and an actor that queues.
   * It also moves {@code seen} on, even while the hub has no reader and the queue is full, so
   * that neither the backstop poll nor a new reader re-reads what was published meanwhile.
   */
  private void subscribe(String symbol, BoundedSourceQueue<BookEventsPublished> queue, AtomicLong seen) {
    ActorRef<Topic.Command<BookEventsPublished>> topic = system.systemActorOf(
        Topic.create(BookEventsPublished.class, BookEventsPublished.topic(symbol)), "feed-topic-" + symbol, Props.empty());
    // A full queue drops the push; the reader finds the gap and reads it from the journal.
    ActorRef<BookEventsPublished> subscriber = system.systemActorOf(Behaviors.receive(BookEventsPublished.class)
        .onMessage(BookEventsPublished.class, p -> {
          queue.offer(p);
          seen.accumulateAndGet(p.sequenceNr(), Math::max);
          return Behaviors.same();
        })
        .build(), "feed-" + symbol, Props.empty());
    topic.tell(Topic.subscribe(subscriber));
  }
}
