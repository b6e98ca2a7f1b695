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

  /**
   * Where a settlement command comes from: book {@code book}'s settlement, its {@code seq}-th
   * command (increasing, never reused). An account applies one from a book only if its seq is
   * above the last it applied from that book: exactly once, with memory bounded by the number of
   * books, however far a restarted settlement goes back.
   */
  record Origin(String book, long seq) {}

  /**
   * Give back what a hold has above {@code keep}: all of it ({@code keep} 0) when the order was
   * cancelled, expired or filled for less; the part it can no longer cost when it was reduced or
   * its buy price lowered. {@code origin} may be null.
   */
  record Release(String holdId, String releaseId, long keep, Origin origin, ActorRef<AccountReply> replyTo)
      implements AccountCommand {
    public Release(String holdId, String releaseId, Origin origin, ActorRef<AccountReply> replyTo) {
      this(holdId, releaseId, 0, origin, replyTo);
    }

    public Release(String holdId, String releaseId, ActorRef<AccountReply> replyTo) {
      this(holdId, releaseId, 0, null, replyTo);
    }
  }

  /** One side of a trade against a hold: see {@link AccountEvent.Settled}. {@code origin} may be null. */
  record Settle(String holdId, String settleId, long debitAmount, String creditAsset, long creditAmount, Origin origin,
      ActorRef<AccountReply> replyTo) implements AccountCommand {
    public Settle(String holdId, String settleId, long debitAmount, String creditAsset, long creditAmount,
        ActorRef<AccountReply> replyTo) {
      this(holdId, settleId, debitAmount, creditAsset, creditAmount, null, replyTo);
    }
  }

  /** An internal credit (a fee to the fee account). {@code origin} may be null. */
  record Credit(String asset, long amount, String requestId, Origin origin, ActorRef<AccountReply> replyTo)
      implements Movement {
    public Credit(String asset, long amount, String requestId, ActorRef<AccountReply> replyTo) {
      this(asset, amount, requestId, null, replyTo);
    }
  }

  /**
   * Several changes for one account in one message, applied in order (a settlement's commands
   * for the account from a group of journal rows: one ask instead of one per leg). The changes'
   * own {@code replyTo} is not used (null); the answer is one {@link AccountReply.Applied}.
   */
  record Apply(java.util.List<AccountCommand> changes, ActorRef<AccountReply> replyTo) implements AccountCommand {}
}
