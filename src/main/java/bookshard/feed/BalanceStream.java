package bookshard.feed;

import bookshard.async.OnCompletingThread;
import bookshard.protocol.AccountEvent;
import bookshard.protocol.AccountEventBatch;
import bookshard.protocol.AccountIds;
import bookshard.protocol.AccountReply;
import bookshard.account.AccountState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.javadsl.Source;

/**
 * An account's balances as its ledger's journal says, then every change: what the WebSocket
 * {@code balances} channel sends. Read from the journal like all market data, so only what is
 * durable is sent, from any node. Each message carries the ledger row ({@code position}) it
 * reflects; a client that kept one resumes after it with nothing missed or repeated.
 */
final class BalanceStream {
  /** The balances of {@code assets} (all, in the first message) as of ledger row {@code position}. */
  record Update(long position, Map<String, AccountReply.Balance> balances) {}

  private BalanceStream() {}

  static Source<Update, NotUsed> of(ActorSystem<?> system, JdbcReadJournal journal,
      org.apache.pekko.actor.ActorRef snapshotStore, String account, OptionalLong afterPosition) {
    String pid = AccountIds.persistenceId(account).id();
    long before = afterPosition.orElse(Long.MAX_VALUE);
    var request = new SnapshotProtocol.LoadSnapshot(pid, SnapshotSelectionCriteria.create(before, Long.MAX_VALUE),
        Long.MAX_VALUE);
    CompletionStage<Source<Update, NotUsed>> source = OnCompletingThread.of(Patterns.ask(snapshotStore, request,
        Duration.ofSeconds(30)))
        .thenCompose(reply -> {
          var loaded = ((SnapshotProtocol.LoadSnapshotResult) reply).snapshot();
          AccountState state = loaded.isEmpty() ? new AccountState() : ((AccountState) loaded.get().snapshot()).copy();
          long[] at = {loaded.isEmpty() ? 0 : loaded.get().metadata().sequenceNr()};
          long upTo = afterPosition.isPresent() ? afterPosition.getAsLong() : Long.MAX_VALUE;
          // Up to the resume point (or all there is, for a fresh subscription) silently; then live.
          return OnCompletingThread.of(journal.currentEventsByPersistenceId(pid, at[0] + 1, upTo)
              .runForeach(env -> {
                events(env).forEach(state::apply);
                at[0] = env.sequenceNr();
              }, system))
              .thenApply(caughtUp -> {
                Source<Update, NotUsed> first = afterPosition.isPresent() ? Source.empty()
                    : Source.single(new Update(at[0], state.balances()));
                return first.concat(journal.eventsByPersistenceId(pid, at[0] + 1, Long.MAX_VALUE).map(env -> {
                  TreeSet<String> changed = new TreeSet<>();
                  for (AccountEvent e : events(env)) {
                    state.apply(e);
                    changed.add(e.asset());
                    if (e instanceof AccountEvent.Settled s) {
                      changed.add(s.creditAsset());
                    }
                  }
                  Map<String, AccountReply.Balance> all = state.balances();
                  Map<String, AccountReply.Balance> out = new TreeMap<>();
                  changed.forEach(a -> out.put(a, all.get(a)));
                  return new Update(env.sequenceNr(), out);
                }));
              });
        });
    return Source.completionStageSource(source).mapMaterializedValue(m -> NotUsed.notUsed());
  }

  private static List<AccountEvent> events(EventEnvelope env) {
    Object row = env.event();
    return row instanceof AccountEventBatch b ? b.events() : List.of((AccountEvent) row);
  }
}
