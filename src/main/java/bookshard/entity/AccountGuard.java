package bookshard.entity;

import bookshard.protocol.BookReply;
import bookshard.protocol.Books;
import bookshard.protocol.GuardCommand;
import bookshard.protocol.GuardEvent;
import bookshard.protocol.GuardIds;
import bookshard.protocol.GuardReply;
import bookshard.protocol.GuardState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * An account's dead-man's switch (Kraken's {@code cancelAllOrdersAfter}): a client arms it with a
 * timeout and re-arms it while it is alive; if the deadline passes, every resting order of the
 * account in every configured book is cancelled. The deadline is journalled, so the switch keeps
 * running on another node when its node dies (a remembered sharded entity, recovered at once),
 * and fires at once on recovery if its deadline passed meanwhile. Firing is journalled before
 * the mass cancels go out and again when every book has answered; until then they are re-sent,
 * after a failure or on recovery (a repeated mass cancel cancels only what is left).
 */
public final class AccountGuard
    extends EventSourcedBehaviorWithEnforcedReplies<Object, GuardEvent, GuardState> {
  private record Expired(long deadlineMillis) {}

  private record CancelsDone(long deadlineMillis, boolean allAnswered) {}

  private record RetryCancels(long deadlineMillis) {}

  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final String TIMER = "deadline";

  private final ActorContext<Object> ctx;
  private final TimerScheduler<Object> timers;
  private final String account;
  private final Books books;
  private final LongSupplier clock;
  /** Told to passivate this entity once it has nothing left to do. */
  private final Runnable passivate;
  private final DurableWrites durable;

  /**
   * {@code passivate}: stops the entity and drops it from the remembered ones (sharding's
   * Passivate); {@code durable}: what an arm waits for before it is acknowledged.
   */
  public static Behavior<GuardCommand> create(String account, Books books, LongSupplier clock,
      java.util.function.Consumer<org.apache.pekko.actor.typed.ActorRef<Object>> passivate, DurableWrites durable) {
    return Behaviors.withMdc(Object.class, java.util.Map.of("account", account),
        Behaviors.<Object>setup(ctx -> Behaviors.withTimers(timers ->
            new AccountGuard(ctx, timers, account, books, clock, () -> passivate.accept(ctx.getSelf()), durable)))).narrow();
  }

  private AccountGuard(ActorContext<Object> ctx, TimerScheduler<Object> timers, String account, Books books,
      LongSupplier clock, Runnable passivate, DurableWrites durable) {
    super(GuardIds.persistenceId(account));
    this.ctx = ctx;
    this.timers = timers;
    this.account = account;
    this.books = books;
    this.clock = clock;
    this.passivate = passivate;
    this.durable = durable;
  }

  /**
   * A switch that is disarmed with nothing left to deliver leaves memory (and the remembered
   * entities): the next call recovers it from its journal. Without this, every account that
   * ever used one would stay loaded forever.
   */
  private void passivateIfIdle(GuardState s) {
    if (s.deadlineMillis() == 0 && s.firedDeadlineMillis() == 0) {
      passivate.run();
    }
  }

  /** An arm is answered once its event is on stable storage, as an order is. */
  private void acknowledge(GuardCommand.Arm arm, GuardReply reply) {
    durable.forced().thenRun(() -> arm.replyTo().tell(reply));
  }

  @Override
  public GuardState emptyState() {
    return GuardState.DISARMED;
  }

  /** A client re-arming every second writes an event per second: snapshots bound the replay. */
  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(1000, 2);
  }

  @Override
  public CommandHandlerWithReply<Object, GuardEvent, GuardState> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(GuardCommand.Arm.class, (state, arm) -> {
          long now = clock.getAsLong();
          if (arm.timeoutMillis() == 0) {
            timers.cancel(TIMER);
            return Effect().persist(new GuardEvent.Disarmed())
                .thenRun(this::passivateIfIdle)
                .thenRun(s -> acknowledge(arm, new GuardReply(account, 0, now)))
                .thenNoReply();
          }
          long deadline = now + arm.timeoutMillis();
          return Effect().persist(new GuardEvent.Armed(deadline))
              .thenRun(s -> schedule(deadline))
              .thenRun(s -> acknowledge(arm, new GuardReply(account, deadline, now)))
              .thenNoReply();
        })
        .onCommand(Expired.class, (state, e) -> {
          if (state.deadlineMillis() != e.deadlineMillis()) {
            return Effect().noReply();
          }
          if (clock.getAsLong() < e.deadlineMillis()) {
            schedule(e.deadlineMillis());
            return Effect().noReply();
          }
          return Effect().persist(new GuardEvent.Fired(e.deadlineMillis()))
              .thenRun(s -> cancelEverywhere(e.deadlineMillis()))
              .thenNoReply();
        })
        .onCommand(CancelsDone.class, (state, d) -> {
          if (state.firedDeadlineMillis() != d.deadlineMillis()) {
            return Effect().noReply();
          }
          if (!d.allAnswered()) {
            timers.startSingleTimer(new RetryCancels(d.deadlineMillis()), RETRY);
            return Effect().noReply();
          }
          return Effect().persist(new GuardEvent.CancelsDelivered(d.deadlineMillis()))
              .thenRun(this::passivateIfIdle)
              .thenNoReply();
        })
        .onCommand(RetryCancels.class, (state, r) -> {
          if (state.firedDeadlineMillis() == r.deadlineMillis()) {
            cancelEverywhere(r.deadlineMillis());
          }
          return Effect().noReply();
        })
        .build();
  }

  @Override
  public EventHandler<GuardState, GuardEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(GuardState::apply);
  }

  @Override
  public SignalHandler<GuardState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state.deadlineMillis() > 0) {
            schedule(state.deadlineMillis());
          }
          if (state.firedDeadlineMillis() > 0) {
            cancelEverywhere(state.firedDeadlineMillis());
          }
        })
        .build();
  }

  private void schedule(long deadlineMillis) {
    long delay = Math.max(0, deadlineMillis - clock.getAsLong());
    timers.startSingleTimer(TIMER, new Expired(deadlineMillis), Duration.ofMillis(delay));
  }

  private void cancelEverywhere(long deadlineMillis) {
    List<CompletableFuture<Boolean>> answers = new ArrayList<>();
    for (CompletableFuture<BookReply> answer : books.cancelAllEverywhere(account).values()) {
      answers.add(answer.thenApply(reply -> reply instanceof BookReply.MassCancelled).exceptionally(t -> false));
    }
    ctx.getLog().info("dead-man's switch of {} fired (deadline {}): cancelling its orders in {} books", account,
        deadlineMillis, answers.size());
    ctx.pipeToSelf(CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
            .thenApply(done -> answers.stream().allMatch(CompletableFuture::join)),
        (all, err) -> new CancelsDone(deadlineMillis, err == null && all));
  }
}
