package bookshard.protocol;

/**
 * What an account's ledger is asked, without where the answer goes ({@link AccountCommand} adds
 * it). Amounts are in the asset's smallest unit. Every change carries an id ({@code requestId}, or the hold's id): a repeat of one already applied is
 * answered with the balances and applied nothing more, so retries and replays are safe.
 */
public sealed interface AccountRequest {
  /** An amount of an asset in or out of the available balance, under the request's id. */
  sealed interface Movement extends AccountRequest {
    String asset();

    long amount();

    String requestId();
  }

  record Deposit(String asset, long amount, String requestId) implements Movement {}

  record Withdraw(String asset, long amount, String requestId) implements Movement {}

  record GetBalances() implements AccountRequest {}

  /** Hold {@code amount} of {@code asset} for an order (refused if not available). */
  record Hold(String holdId, String asset, long amount) implements AccountRequest {}

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
  record Release(String holdId, String releaseId, long keep, Origin origin) implements AccountRequest {
    public Release(String holdId, String releaseId, Origin origin) {
      this(holdId, releaseId, 0, origin);
    }

    public Release(String holdId, String releaseId) {
      this(holdId, releaseId, 0, null);
    }
  }

  /** One side of a trade against a hold: see {@link AccountEvent.Settled}. {@code origin} may be null. */
  record Settle(String holdId, String settleId, long debitAmount, String creditAsset, long creditAmount, Origin origin)
      implements AccountRequest {
    public Settle(String holdId, String settleId, long debitAmount, String creditAsset, long creditAmount) {
      this(holdId, settleId, debitAmount, creditAsset, creditAmount, null);
    }
  }

  /**
   * Renames hold {@code holdId} (an attempt's) to {@code boundTo} (the order that took it over),
   * when the book's settlement reaches the order's acceptance: from then on only that order's
   * settlement commands name it, so a later attempt with the same clientOrderId cannot touch it.
   */
  record Bind(String holdId, String boundTo, String requestId, Origin origin) implements AccountRequest {}

  /** An internal credit (a fee to the fee account). {@code origin} may be null. */
  record Credit(String asset, long amount, String requestId, Origin origin) implements Movement {
    public Credit(String asset, long amount, String requestId) {
      this(asset, amount, requestId, null);
    }
  }

  /**
   * Several changes for one account in one message, applied in order (a settlement's commands
   * for the account from a group of journal rows: one ask instead of one per leg), answered by
   * one {@link AccountReply.Applied}.
   */
  record Apply(java.util.List<AccountRequest> changes) implements AccountRequest {}
}
