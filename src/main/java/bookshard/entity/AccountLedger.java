package bookshard.entity;

import bookshard.protocol.AccountCommand;
import bookshard.protocol.BookCommand;
import bookshard.protocol.Books;
import bookshard.protocol.Settlement;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import bookshard.protocol.AccountEvent;
import bookshard.protocol.AccountEventBatch;
import bookshard.protocol.AccountIds;
import bookshard.protocol.AccountReply;
import bookshard.protocol.AccountState;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * An account's balances per asset, event-sourced in the books' journal (one sharded entity per
 * account): deposits and withdrawals, holds for open orders, the settlement of trades, fee
 * credits and releases. {@link AccountState} decides and applies each; a refusal writes nothing,
 * a repeat (same id) writes nothing and answers the balances.
 *
 * <p>Group commit, as a book's: the sharded entity queues commands while a write is in flight
 * and hands the ledger the queue as one batch, whose events are one journal write. An order's
 * hold and its trades' settlement so cost one round trip per batch, not per command.
 */
public final class AccountLedger
    extends EventSourcedBehaviorWithEnforcedReplies<AccountLedger.LedgerMessage, Object, AccountState> {

  /** What the queue in front sends the ledger. */
  sealed interface LedgerMessage {}

  /** Commands decided together and written as one; {@code done} hears {@code no} when they are durable. */
  record Batch(long no, List<AccountCommand> commands, ActorRef<Long> done) implements LedgerMessage {}

  /** Time to look for holds that have waited too long for their order. */
  record Sweep() implements LedgerMessage {}

  /**
   * Orphan holds: a hold is taken before its order goes to the book; if the node dies in
   * between and the client never retries, no order will ever use or release it. A hold open
   * longer than {@code abandonAfter} is reported to its book ({@link BookCommand.AbandonHold}):
   * if the book knows no such order it writes so, and its settlement releases the hold in journal
   * order, after anything an earlier order of that clientOrderId still had to settle.
   */
  public record Sweeper(Supplier<Books> books, Duration abandonAfter) {}

  private static final int MAX_BATCH = 1000;
  private static final Duration RESPAWN_DELAY = Duration.ofMillis(500);

  private final int snapshotEvery;
  private final String account;
  private final Sweeper sweeper;
  /** Writes the command handler applied ahead of their write; the event handler skips them. */
  private int appliedAhead;
  /** When this ledger (this incarnation) first saw each open hold, or last reported it to its book. */
  private final Map<String, Long> holdSeen = new HashMap<>();

  /** {@code snapshotEvery}: events between snapshots (the last two are kept); {@code sweeper}: null for none. */
  public static Behavior<AccountCommand> create(String account, int snapshotEvery, Sweeper sweeper) {
    return Behaviors.withMdc(Object.class, java.util.Map.of("account", account),
        Behaviors.<Object>setup(ctx -> Behaviors.withTimers(timers -> {
          if (sweeper != null) {
            timers.startTimerWithFixedDelay(new Sweep(), sweeper.abandonAfter().dividedBy(2));
          }
          return new Front(ctx, account, snapshotEvery, sweeper).idle();
        }))).narrow();
  }

  public static Behavior<AccountCommand> create(String account, int snapshotEvery) {
    return create(account, snapshotEvery, null);
  }

  /** The queue in front of the ledger: one batch in flight, the rest waiting for it. */
  private static final class Front {
    private record Respawn() {}

    private final ActorContext<Object> ctx;
    private final String account;
    private final int snapshotEvery;
    private final ArrayDeque<AccountCommand> queue = new ArrayDeque<>();
    private final Sweeper sweeper;
    private ActorRef<LedgerMessage> ledger;
    private long batchNo;
    private boolean writing;
    private int generation;

    Front(ActorContext<Object> ctx, String account, int snapshotEvery, Sweeper sweeper) {
      this.ctx = ctx;
      this.account = account;
      this.snapshotEvery = snapshotEvery;
      this.sweeper = sweeper;
      spawn();
    }

    private void spawn() {
      ledger = ctx.spawn(Behaviors.setup(c -> new AccountLedger(account, snapshotEvery, sweeper)),
          "ledger-" + (++generation));
      ctx.watch(ledger);
    }

    Behavior<Object> idle() {
      return Behaviors.receive(Object.class)
          .onMessage(AccountCommand.class, c -> {
            queue.add(c);
            if (!writing) {
              send();
            }
            return Behaviors.same();
          })
          .onMessage(Long.class, no -> {
            if (no == batchNo) {
              writing = false;
              if (!queue.isEmpty()) {
                send();
              }
            }
            return Behaviors.same();
          })
          // A failed write stops the ledger: its batch's callers time out and retry by id; a new
          // ledger recovers from the journal and takes the queue.
          .onSignal(Terminated.class, t -> {
            ctx.getLog().warn("account {}: a journal write or recovery failed; recovering in {} ms", account,
                RESPAWN_DELAY.toMillis());
            writing = true;
            ctx.scheduleOnce(RESPAWN_DELAY, ctx.getSelf(), new Respawn());
            return Behaviors.same();
          })
          .onMessage(Sweep.class, sweep -> {
            ledger.tell(sweep);
            return Behaviors.same();
          })
          .onMessage(Respawn.class, r -> {
            spawn();
            writing = false;
            if (!queue.isEmpty()) {
              send();
            }
            return Behaviors.same();
          })
          .build();
    }

    private void send() {
      int n = Math.min(queue.size(), MAX_BATCH);
      List<AccountCommand> batch = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        batch.add(queue.poll());
      }
      writing = true;
      ledger.tell(new Batch(++batchNo, batch, ctx.getSelf().narrow()));
    }
  }

  private AccountLedger(String account, int snapshotEvery, Sweeper sweeper) {
    super(AccountIds.persistenceId(account));
    this.account = account;
    this.snapshotEvery = snapshotEvery;
    this.sweeper = sweeper;
  }

  @Override
  public AccountState emptyState() {
    return new AccountState();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }

  /** The state changes in place: the snapshot store gets a copy taken on the ledger's own thread. */
  @Override
  public SnapshotAdapter<AccountState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(AccountState state) {
        return state.copy();
      }

      @Override
      public AccountState fromJournal(Object stored) {
        return (AccountState) stored;
      }
    };
  }

  /**
   * Live, the events were applied when decided; in recovery, apply them now. A row is a batch
   * (one write), or, written before batches, a single event.
   */
  @Override
  public EventHandler<AccountState, Object> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((s, row) -> {
      if (appliedAhead > 0) {
        appliedAhead--;
        return s;
      }
      if (row instanceof AccountEventBatch b) {
        b.events().forEach(s::apply);
        return s;
      }
      return s.apply((AccountEvent) row);
    });
  }

  @Override
  public CommandHandlerWithReply<LedgerMessage, Object, AccountState> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Batch.class, this::batch)
        .onCommand(Sweep.class, (s, sweep) -> {
          sweep(s);
          return Effect().noReply();
        })
        .build();
  }

  /** Reports each hold open longer than {@code abandonAfter} (again, every {@code abandonAfter}) to its book. */
  private void sweep(AccountState s) {
    long now = System.currentTimeMillis();
    long after = sweeper.abandonAfter().toMillis();
    Map<String, AccountState.Hold> open = s.holds();
    holdSeen.keySet().retainAll(open.keySet());
    for (String hold : open.keySet()) {
      long seen = holdSeen.computeIfAbsent(hold, h -> now);
      Settlement.HoldOf of = Settlement.parseHoldId(hold, account);
      if (now - seen < after || of == null) {
        continue;
      }
      holdSeen.put(hold, now);
      Books books = sweeper.books().get();
      if (books.exists(of.symbol())) {
        books.ask(of.symbol(), r -> new BookCommand.AbandonHold(account, of.clientOrderId(), r)).whenComplete((reply, t) ->
            LOG.info("hold {} open for over {} ms: its book answered {}", hold, after, t != null ? t : reply));
      }
    }
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AccountLedger.class);

  /**
   * Each command is decided on the state the earlier ones of the batch left, and its event
   * applied at once; the replies go out when the whole batch is durable.
   */
  private ReplyEffect<Object, AccountState> batch(AccountState s, Batch b) {
    List<AccountEvent> events = new ArrayList<>();
    List<Runnable> replies = new ArrayList<>(b.commands().size());
    for (AccountCommand c : b.commands()) {
      if (c instanceof AccountCommand.GetBalances) {
        replies.add(reply(c, new AccountReply.Balances(s.balances(), false)));
        continue;
      }
      if (c instanceof AccountCommand.Apply a) {
        List<String> refusals = new ArrayList<>(a.changes().size());
        for (AccountCommand change : a.changes()) {
          AccountState.Decision d = s.decide(change);
          if (d instanceof AccountState.Decision.Write w) {
            s.apply(w.event());
            events.add(w.event());
          }
          refusals.add(d instanceof AccountState.Decision.Refuse r ? r.reason() : "");
        }
        replies.add(reply(c, new AccountReply.Applied(refusals)));
        continue;
      }
      AccountState.Decision d = s.decide(c);
      if (d instanceof AccountState.Decision.Write w) {
        s.apply(w.event());
        events.add(w.event());
        replies.add(reply(c, new AccountReply.Balances(balancesFor(c, s), false)));
      } else if (d instanceof AccountState.Decision.Refuse r) {
        replies.add(reply(c, new AccountReply.Refused(r.reason(), balancesFor(c, s))));
      } else {
        replies.add(reply(c, new AccountReply.Balances(balancesFor(c, s), true)));
      }
    }
    if (events.isEmpty()) {
      replies.forEach(Runnable::run);
      return Effect().reply(b.done(), b.no());
    }
    appliedAhead++;
    return Effect().persist((Object) new AccountEventBatch(events)).thenRun(after -> replies.forEach(Runnable::run)).thenReply(b.done(), after -> b.no());
  }

  /**
   * Deposits and withdrawals answer with the balances (an operator reads them); holds and
   * settlement commands, sent by the engine for every order and trade, answer without.
   */
  private static java.util.Map<String, AccountReply.Balance> balancesFor(AccountCommand c, AccountState s) {
    return c instanceof AccountCommand.Movement m && !(m instanceof AccountCommand.Credit x && x.origin() != null)
        ? s.balances() : java.util.Map.of();
  }

  private static Runnable reply(AccountCommand c, AccountReply r) {
    return () -> c.replyTo().tell(r);
  }
}
