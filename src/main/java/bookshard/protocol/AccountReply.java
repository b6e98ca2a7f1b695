package bookshard.protocol;

import java.util.Map;

/** An account ledger's answer. */
public sealed interface AccountReply {
  /** One asset's balance: {@code available} to spend or withdraw, {@code held} by open orders. */
  record Balance(long available, long held) {}

  /** The balances after the command (assets never credited are absent); {@code duplicate}: a repeated request. */
  record Balances(Map<String, Balance> balances, boolean duplicate) implements AccountReply {}

  /**
   * Nothing was applied: {@code reason} is INSUFFICIENT_FUNDS (a balance would go below zero),
   * or {@link #OVERLOADED} (the ledger's queue was full; retry).
   */
  record Refused(String reason, Map<String, Balance> balances) implements AccountReply {
    public static final String OVERLOADED = "OVERLOADED";

    public boolean overloaded() {
      return OVERLOADED.equals(reason);
    }
  }

  /** The answer to {@link AccountRequest.Apply}: per change, in order, its refusal reason, or "" if applied (or a repeat). */
  record Applied(java.util.List<String> refusals) implements AccountReply {}
}
