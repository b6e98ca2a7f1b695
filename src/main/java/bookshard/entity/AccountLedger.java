package bookshard.entity;

import bookshard.protocol.AccountRequest;
import bookshard.protocol.BookRequest;
import bookshard.protocol.AccountCommand;
import bookshard.protocol.Books;
import bookshard.account.Settlement;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import bookshard.protocol.AccountEvent;
import bookshard.protocol.AccountEventBatch;
import bookshard.protocol.AccountIds;
import bookshard.protocol.AccountReply;
import bookshard.account.AccountState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
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

  /** Commands decided together and written as one; {@code done} hears when they are durable. */
  record Batch(long no, List<AccountCommand> commands, ActorRef<GroupCommit.Written> done) implements LedgerMessage {}

  /** Time to look for holds that have waited too long for their order. */
  record Sweep() implements LedgerMessage {}

  /**
   * Orphan holds: a hold is taken before its order goes to the book; if the node dies in
   * between and the client never retries, no order will ever use or release it. A hold open
   * longer than {@code abandonAfter} under an attempt's name is reported to its book
   * ({@link BookRequest.AbandonHold}): the book writes so, and its settlement releases the hold
   * when it reaches that row, unless an order took the hold over in an earlier row (then the hold
   * has the order's name, and the release finds nothing). An order's hold is never reported.
   */
  public record Sweeper(Supplier<Books> books, Duration abandonAfter) {}

  /**
   * A ledger's queue is bounded as a book's is: beyond 10,000 waiting commands, or after 2 s of
   * waiting, a command is refused {@link AccountReply.Refused#OVERLOADED} (an order's hold: the order
   * is answered 429; a settlement's batch: it goes back to its last written row and sends it again).
   */
  private static final GroupCommit.Settings FRONT = new GroupCommit.Settings(10_000, 1000, Duration.ofSeconds(10),
      Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(2));

  private final int snapshotEvery;
  private final String account;
  private final Sweeper sweeper;
  private final DurableWrites durable;
  private final String journalPluginId;
  /** Writes the command handler applied ahead of their write; the event handler skips them. */
  private int appliedAhead;
  /** When this ledger (this incarnation) first saw each open hold, or last reported it to its book. */
  private final Map<String, Long> holdSeen = new HashMap<>();

  /**
   * {@code snapshotEvery}: events between snapshots (the last two are kept); {@code sweeper}: null
   * for none; {@code journalPluginId}: the journal plugin the ledger writes through ("" for the default).
   */
  public static Behavior<AccountCommand> create(String account, int snapshotEvery, Sweeper sweeper,
      DurableWrites durable, String journalPluginId) {
    return Behaviors.<Object>setup(ctx -> Behaviors.withTimers(timers -> {
          if (sweeper != null) {
            // A hold is first seen at most a quarter of abandonAfter after it was taken (or after this
            // ledger started), so it is reported within about 1.25 x abandonAfter.
            timers.startTimerWithFixedDelay(new Sweep(), sweeper.abandonAfter().dividedBy(4));
          }
          GroupCommit<AccountCommand, LedgerMessage> front = new GroupCommit<>(ctx, timers, "ledger",
              new LogContext("account", account), AccountCommand.class, () -> Behaviors.setup(c -> new AccountLedger(account, snapshotEvery, sweeper, durable, journalPluginId)),
              Batch::new, FRONT, c -> {
                if (c.replyTo() != null) {
                  c.replyTo().tell(new AccountReply.Refused(AccountReply.Refused.OVERLOADED, Map.of()));
                }
              });
          return front.behavior()
              .onMessage(Sweep.class, sweep -> {
                front.writer().tell(sweep);
                return Behaviors.same();
              })
              .build();
        })).narrow();
  }

  private AccountLedger(String account, int snapshotEvery, Sweeper sweeper, DurableWrites durable,
      String journalPluginId) {
    super(AccountIds.persistenceId(account));
    this.journalPluginId = journalPluginId;
    this.account = account;
    this.snapshotEvery = snapshotEvery;
    this.sweeper = sweeper;
    this.durable = durable;
  }

  @Override
  public String journalPluginId() {
    return journalPluginId;
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
        books.send(of.symbol(), new BookRequest.AbandonHold(account, of.clientOrderId(), of.attempt())).whenComplete((reply, t) ->
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
    for (AccountCommand command : b.commands()) {
      AccountRequest c = command.request();
      if (c instanceof AccountRequest.GetBalances) {
        replies.add(reply(command, new AccountReply.Balances(s.balances(), false)));
        continue;
      }
      if (c instanceof AccountRequest.Apply a) {
        List<String> refusals = new ArrayList<>(a.changes().size());
        for (AccountRequest change : a.changes()) {
          AccountState.Decision d = s.decide(change);
          if (d instanceof AccountState.Decision.Write w) {
            s.apply(w.event());
            events.add(w.event());
          }
          refusals.add(d instanceof AccountState.Decision.Refuse r ? r.reason() : "");
        }
        replies.add(reply(command, new AccountReply.Applied(refusals)));
        continue;
      }
      AccountState.Decision d = s.decide(c);
      if (d instanceof AccountState.Decision.Write w) {
        s.apply(w.event());
        events.add(w.event());
        replies.add(reply(command, new AccountReply.Balances(balancesFor(c, s), false)));
      } else if (d instanceof AccountState.Decision.Refuse r) {
        replies.add(reply(command, new AccountReply.Refused(r.reason(), balancesFor(c, s))));
      } else {
        replies.add(reply(command, new AccountReply.Balances(balancesFor(c, s), true)));
      }
    }
    if (events.isEmpty()) {
      replies.forEach(Runnable::run);
      return Effect().reply(b.done(), new GroupCommit.Written(b.no()));
    }
    appliedAhead++;
    // Answered only once the write is on stable storage; the next batch's write may overlap the force.
    return Effect().persist((Object) new AccountEventBatch(events))
        .thenRun(after -> durable.forced().thenRun(() -> replies.forEach(Runnable::run)))
        .thenReply(b.done(), after -> new GroupCommit.Written(b.no()));
  }

  /**
   * Deposits and withdrawals answer with the balances (an operator reads them); holds and
   * settlement commands, sent by the engine for every order and trade, answer without.
   */
  private static java.util.Map<String, AccountReply.Balance> balancesFor(AccountRequest c, AccountState s) {
    return c instanceof AccountRequest.Movement m && !(m instanceof AccountRequest.Credit x && x.origin() != null)
        ? s.balances() : java.util.Map.of();
  }

  private static Runnable reply(AccountCommand c, AccountReply r) {
    return () -> c.replyTo().tell(r);
  }
}
