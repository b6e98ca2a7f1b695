package bookshard.protocol;

/**
 * What changes an account's balances; its journal. Every event carries the id of the request
 * that caused it ({@code requestId}), by which a repeat is recognised and applied once.
 */
public sealed interface AccountEvent {
  String asset();

  long amount();

  String requestId();

  /** The book settlement that caused it, or null (deposits, holds, and releases the order path makes). */
  default AccountRequest.Origin origin() {
    return null;
  }

  /** An external deposit: available += amount. */
  record Deposited(String asset, long amount, String requestId) implements AccountEvent {}

  /** An external withdrawal: available -= amount. */
  record Withdrawn(String asset, long amount, String requestId) implements AccountEvent {}

  /** Set aside for an open order: available -= amount, held += amount, under hold {@code requestId}. */
  record Held(String asset, long amount, String requestId) implements AccountEvent {}

  /** What is left of hold {@code holdId} goes back: held -= amount, available += amount. */
  record Released(String asset, long amount, String requestId, String holdId, AccountRequest.Origin origin)
      implements AccountEvent {
    public Released(String asset, long amount, String requestId, String holdId) {
      this(asset, amount, requestId, holdId, null);
    }
  }

  /**
   * One side of a trade: {@code amount} of {@code asset} leaves hold {@code holdId} (to the
   * counterparty), {@code creditAmount} of {@code creditAsset} arrives (net of this side's fee).
   */
  record Settled(String asset, long amount, String requestId, String holdId, String creditAsset, long creditAmount,
      AccountRequest.Origin origin) implements AccountEvent {
    public Settled(String asset, long amount, String requestId, String holdId, String creditAsset, long creditAmount) {
      this(asset, amount, requestId, holdId, creditAsset, creditAmount, null);
    }
  }

  /**
   * Hold {@code holdId} ({@code amount} of {@code asset} left) is named {@code boundTo} from now
   * on. Any other attempt's hold at the same order goes back (held -= its remaining, available
   * += it): the book has the order, so it refuses those attempts.
   */
  record Bound(String asset, long amount, String requestId, String holdId, String boundTo,
      AccountRequest.Origin origin) implements AccountEvent {}

  /** An internal transfer in (the fee account's fees): available += amount. */
  record Credited(String asset, long amount, String requestId, AccountRequest.Origin origin) implements AccountEvent {
    public Credited(String asset, long amount, String requestId) {
      this(asset, amount, requestId, null);
    }
  }
}
