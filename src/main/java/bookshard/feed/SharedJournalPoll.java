package bookshard.feed;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.javadsl.BroadcastHub;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A book's journal events for any number of readers on this node, each from its own sequence
 * number, at the cost of one journal poll per book.
 *
 * <p>One live query per book feeds a broadcast hub. A reader first reads what is already in the
 * journal from its starting point, then takes the hub's events. It never trusts the hub for
 * completeness: whatever it did not get from the hub (it joined late, or fell behind and its
 * buffer dropped events so that a slow reader never holds the others back) it reads from the
 * journal before going on, and a sequence number out of turn ends the stream rather than be
 * passed on.
 */
final class SharedJournalPoll {
  private final ActorSystem<?> system;
  /** Events a reader may lag behind the hub before the oldest are dropped (and re-read). */
  private final int readerBuffer;
  private final JdbcReadJournal journal;
  private final Map<String, Source<EventEnvelope, NotUsed>> hubs = new ConcurrentHashMap<>();

  SharedJournalPoll(ActorSystem<?> system, JdbcReadJournal journal, int readerBuffer) {
    this.system = system;
    this.readerBuffer = readerBuffer;
    this.journal = journal;
  }

  /** Every event of {@code persistenceId} from {@code from} on, in order, each once, without end. */
  Source<EventEnvelope, NotUsed> from(String persistenceId, long from) {
    Source<EventEnvelope, NotUsed> live = hub(persistenceId).buffer(readerBuffer, OverflowStrategy.dropHead());
    return Source.fromMaterializer((mat, attributes) -> {
      long[] next = {from};
      return journal.currentEventsByPersistenceId(persistenceId, from, Long.MAX_VALUE)
          .concat(live)
          .flatMapConcat(env -> {
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
              throw new IllegalStateException(persistenceId + ": event " + env.sequenceNr() + " where " + expected + " was due");
            }
            return Pair.create(expected + 1, env);
          }, expected -> Optional.empty());
    }).mapMaterializedValue(f -> NotUsed.notUsed());
  }

  /** The book's live events from about now; restarts (after the last one it saw) if a poll fails. */
  private Source<EventEnvelope, NotUsed> hub(String persistenceId) {
    return hubs.computeIfAbsent(persistenceId, pid -> {
      AtomicLong seen = new AtomicLong(-1);
      RestartSettings restart = RestartSettings.create(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);
      Source<EventEnvelope, NotUsed> polling = RestartSource.withBackoff(restart, () -> Source.completionStage(
              seen.get() >= 0 ? CompletableFuture.completedFuture(seen.get())
                  : journal.currentLastSequenceNumberByPersistenceId(pid).thenApply(last -> last.orElse(0L)))
          .flatMapConcat(last -> journal.eventsByPersistenceId(pid, last + 1, Long.MAX_VALUE))
          .map(env -> {
            seen.set(env.sequenceNr());
            return env;
          }));
      return polling.runWith(BroadcastHub.of(EventEnvelope.class, 256), Materializer.matFromSystem(system));
    });
  }
}
