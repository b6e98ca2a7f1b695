package bookshard.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * What an account's ledger is asked. Amounts are in the asset's smallest unit. Every change
 * carries an id ({@code requestId}, or the hold's id): a repeat of one already applied is
 * answered with the balances and applied nothing more, so retries and replays are safe.
 */
public sealed interface AccountCommand {
  ActorRef<AccountReply> replyTo();

  /** An amount of an asset in or out of the available balance, under the request's id. */
  sealed interface Movement extends AccountCommand {
    String asset();

    long amount();

    String requestId();
  }

  record Deposit(String asset, long amount, String requestId, ActorRef<AccountReply> replyTo) implements Movement {}

  record Withdraw(String asset, long amount, String requestId, ActorRef<AccountReply> replyTo) implements Movement {}

  record GetBalances(ActorRef<AccountReply> replyTo) implements AccountCommand {}

  /** Hold {@code amount} of {@code asset} for an order (refused if not available). */
  record Hold(String holdId, String asset, long amount, ActorRef<AccountReply> replyTo) implements AccountCommand {}

  /** Give back what is left of a hold (the order was cancelled, expired, or filled for less). */
  record Release(String holdId, String releaseId, ActorRef<AccountReply> replyTo) implements AccountCommand {}

  /** One side of a trade against a hold: see {@link AccountEvent.Settled}. */
  record Settle(String holdId, String settleId, long debitAmount, String creditAsset, long creditAmount,
      ActorRef<AccountReply> replyTo) implements AccountCommand {}

  /** An internal credit (a fee to the fee account). */
  record Credit(String asset, long amount, String requestId, ActorRef<AccountReply> replyTo) implements Movement {}
}
