package bookshard.entity;

import bookshard.protocol.AccountRequest;
import bookshard.async.OnCompletingThread;
import bookshard.protocol.AccountReply;
import bookshard.protocol.Accounts;
import bookshard.protocol.AssetTerms;
import bookshard.protocol.JournalTail;
import bookshard.account.Settlement;
import bookshard.account.SettlementProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * A book's settlement: its journal, row after row, turned into account commands
 * ({@link Settlement}) and sent; once every command of a group of rows is answered, the group's
 * last row is written here as the progress ({@code Settlement|SYMBOL}). It runs beside the book
 * (a child of the sharded entity), so there is one per book in the cluster.
 *
 * <p>After a crash it starts again after the last row written: the rows after it are planned
 * again into the same commands with the same origins, which the accounts recognise as done. So
 * every trade is settled once and every hold released once, however often this restarts.
 */
public final class BookSettlement extends EventSourcedBehavior<BookSettlement.Command, SettlementProgress, SettlementProgress> {
  /** What the running stream tells its settlement. */
  public sealed interface Command {}

  private record Settled(long sequenceNr, ActorRef<Done> replyTo) implements Command {}

  private record Failed(Throwable cause) implements Command {}

  private static final int MAX_ROWS = 200;
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);

  private final ActorContext<Command> ctx;
  private final String symbol;
  private final AssetTerms terms;
  private final String feeAccount;
  private final Accounts accounts;
  private final JournalTail journal;
  private UniqueKillSwitch running;

  /** Restarted with backoff after any failure (an account away, a write refused): it resumes from its progress. */
  public static Behavior<Command> create(String symbol, AssetTerms terms, String feeAccount, Accounts accounts,
      JournalTail journal) {
    return Behaviors.supervise(Behaviors.<Command>setup(ctx -> new BookSettlement(ctx, symbol, terms, feeAccount,
            accounts, journal)))
        .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(500), Duration.ofSeconds(10), 0.2));
  }

  private BookSettlement(ActorContext<Command> ctx, String symbol, AssetTerms terms, String feeAccount,
      Accounts accounts, JournalTail journal) {
    super(PersistenceId.of("Settlement", symbol));
    this.ctx = ctx;
    this.symbol = symbol;
    this.terms = terms;
    this.feeAccount = feeAccount;
    this.accounts = accounts;
    this.journal = journal;
  }

  public static PersistenceId persistenceId(String symbol) {
    return PersistenceId.of("Settlement", symbol);
  }

  @Override
  public SettlementProgress emptyState() {
    return new SettlementProgress(0);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 1).withDeleteEventsOnSnapshot();
  }

  @Override
  public CommandHandler<Command, SettlementProgress, SettlementProgress> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Settled.class, (s, c) -> Effect().persist(new SettlementProgress(c.sequenceNr()))
            .thenReply(c.replyTo(), after -> Done.getInstance()))
        .onCommand(Failed.class, (s, f) -> {
          throw new IllegalStateException("settlement of " + symbol + " failed; restarting it", f.cause());
        })
        .build();
  }

  @Override
  public EventHandler<SettlementProgress, SettlementProgress> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((s, e) -> e);
  }

  @Override
  public SignalHandler<SettlementProgress> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::start)
        .onSignal(PostStop.instance(), s -> stop())
        .build();
  }

  private void stop() {
    if (running != null) {
      running.shutdown();
    }
  }

  private void start(SettlementProgress from) {
    ctx.getLog().info("settling {} after journal row {}", symbol, from.sequenceNr());
    Settlement plan = new Settlement(symbol, terms, feeAccount);
    var graph = journal.after(symbol, from.sequenceNr())
        .groupedWithin(MAX_ROWS, Duration.ofMillis(10))
        .mapAsync(1, group -> settle(plan, group))
        .viaMat(KillSwitches.single(), Keep.right())
        .toMat(Sink.ignore(), Keep.both())
        .run(ctx.getSystem());
    running = graph.first();
    ctx.pipeToSelf(graph.second(), (done, t) -> new Failed(t == null ? new IllegalStateException("stream ended") : t));
  }

  /** Sends a group's commands, each account's in order, and then records the group settled. */
  private CompletionStage<Done> settle(Settlement plan, List<JournalTail.Row> group) {
    // One message per account with its commands in order: one ask, and one place in its ledger's batch.
    Map<String, List<AccountRequest>> byAccount = new LinkedHashMap<>();
    for (JournalTail.Row row : group) {
      for (Settlement.Instruction i : plan.plan(row.batch())) {
        byAccount.computeIfAbsent(i.account(), a -> new ArrayList<>()).add(i.command());
      }
    }
    List<CompletableFuture<AccountReply>> replies = new ArrayList<>();
    byAccount.forEach((account, changes) -> replies.add(accounts.send(account, new AccountRequest.Apply(changes))
        .toCompletableFuture().thenApply(r -> checked(account, r, changes))));
    long last = group.get(group.size() - 1).sequenceNr();
    return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new))
        .thenCompose(all -> OnCompletingThread.of(AskPattern.ask(ctx.getSelf(), (ActorRef<Done> r) -> new Settled(last, r),
            ASK_TIMEOUT, ctx.getSystem().scheduler())));
  }

  /**
   * A release of a hold its trades emptied is nothing to do; any other refusal (an order placed
   * while accounts were off has no hold) is logged, and settlement goes on.
   */
  private AccountReply checked(String account, AccountReply r, List<AccountRequest> changes) {
    if (!(r instanceof AccountReply.Applied)) {
      // Not applied (the ledger's queue was full): the group must not be recorded as settled;
      // the settlement goes back to its last written row and sends it again.
      throw new IllegalStateException("account " + account + " did not apply the settlement's commands: " + r);
    }
    if (r instanceof AccountReply.Applied applied) {
      for (int i = 0; i < changes.size(); i++) {
        String reason = applied.refusals().get(i);
        AccountRequest c = changes.get(i);
        boolean nothingToDo = (c instanceof AccountRequest.Release || c instanceof AccountRequest.Bind)
            && reason.equals("UNKNOWN_HOLD");
        if (!reason.isEmpty() && !nothingToDo) {
          LOG.warn("settlement of {}: account {} refused {} ({})", symbol, account, c, reason);
        }
      }
    }
    return r;
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BookSettlement.class);
}
