package bookshard.entity;

import bookshard.protocol.AccountCommand;
import bookshard.protocol.AccountEvent;
import bookshard.protocol.AccountIds;
import bookshard.protocol.AccountReply;
import bookshard.protocol.AccountState;
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
 * account). A deposit adds to the available balance; a withdrawal takes from it and is refused
 * (INSUFFICIENT_FUNDS, nothing written) if it would go below zero. Each carries a request id: a
 * repeated one is answered with the balances and writes nothing, so an admin client may retry.
 * Holds for open orders, their release and the settlement of trades (with fees credited to a fee
 * account) are here too; sending them from the order path and the book journals is the next
 * step (issue 15).
 */
public final class AccountLedger
    extends EventSourcedBehaviorWithEnforcedReplies<AccountCommand, AccountEvent, AccountState> {

  private final int snapshotEvery;

  /** {@code snapshotEvery}: events between snapshots (the last two are kept). */
  public static Behavior<AccountCommand> create(String account, int snapshotEvery) {
    return Behaviors.withMdc(AccountCommand.class, java.util.Map.of("account", account),
        Behaviors.setup(ctx -> new AccountLedger(account, snapshotEvery)));
  }

  private AccountLedger(String account, int snapshotEvery) {
    super(AccountIds.persistenceId(account));
    this.snapshotEvery = snapshotEvery;
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

  @Override
  public EventHandler<AccountState, AccountEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(AccountState::apply);
  }

  @Override
  public CommandHandlerWithReply<AccountCommand, AccountEvent, AccountState> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(AccountCommand.GetBalances.class, (s, c) -> Effect().reply(c.replyTo(),
            new AccountReply.Balances(s.balances(), false)))
        .onAnyCommand(this::change);
  }

  /** The state decides; a write is persisted before the reply, a repeat or a refusal writes nothing. */
  private ReplyEffect<AccountEvent, AccountState> change(AccountState s, AccountCommand c) {
    AccountState.Decision d = s.decide(c);
    if (d instanceof AccountState.Decision.Write w) {
      return Effect().persist(w.event()).thenReply(c.replyTo(), after -> new AccountReply.Balances(after.balances(), false));
    } else if (d instanceof AccountState.Decision.Refuse r) {
      return Effect().reply(c.replyTo(), new AccountReply.Refused(r.reason(), s.balances()));
    }
    return Effect().reply(c.replyTo(), new AccountReply.Balances(s.balances(), true));
  }
}
