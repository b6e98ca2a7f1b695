package bookshard.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * What an account's ledger is asked. Amounts are in the asset's smallest unit. A deposit or
 * withdrawal carries the caller's {@code requestId}: a repeat of one already applied is answered
 * with the balances and applied nothing more (a retry after a lost reply is safe).
 */
public sealed interface AccountCommand {
  ActorRef<AccountReply> replyTo();

  record Deposit(String asset, long amount, String requestId, ActorRef<AccountReply> replyTo)
      implements AccountCommand {}

  record Withdraw(String asset, long amount, String requestId, ActorRef<AccountReply> replyTo)
      implements AccountCommand {}

  record GetBalances(ActorRef<AccountReply> replyTo) implements AccountCommand {}
}
