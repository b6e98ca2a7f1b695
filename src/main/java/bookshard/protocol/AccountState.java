package bookshard.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An account's balances per asset and the request ids it applied last (for idempotent retries).
 * Mutated only by {@link #apply}, on the ledger's thread.
 */
public final class AccountState {
  /** Request ids remembered per account. */
  public static final int REQUEST_IDS = 10_000;

  private final TreeMap<String, long[]> balances = new TreeMap<>();
  private final LinkedHashMap<String, Boolean> requestIds = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REQUEST_IDS;
    }
  };

  public AccountState apply(AccountEvent e) {
    long[] b = balances.computeIfAbsent(e.asset(), a -> new long[2]);
    if (e instanceof AccountEvent.Deposited) {
      b[0] = Math.addExact(b[0], e.amount());
    } else if (e instanceof AccountEvent.Withdrawn) {
      if (b[0] < e.amount()) {
        throw new IllegalStateException("withdrawal below zero in the journal: " + e);
      }
      b[0] -= e.amount();
    }
    if (e.requestId() != null) {
      requestIds.put(e.requestId(), Boolean.TRUE);
    }
    return this;
  }

  public boolean applied(String requestId) {
    return requestIds.containsKey(requestId);
  }

  public long available(String asset) {
    long[] b = balances.get(asset);
    return b == null ? 0 : b[0];
  }

  public Map<String, AccountReply.Balance> balances() {
    Map<String, AccountReply.Balance> out = new TreeMap<>();
    balances.forEach((asset, b) -> out.put(asset, new AccountReply.Balance(b[0], b[1])));
    return out;
  }

  public List<String> requestIds() {
    return List.copyOf(requestIds.keySet());
  }

  /** A copy the ledger can keep changing without changing this one (a snapshot being stored). */
  public AccountState copy() {
    return of(balances(), requestIds());
  }

  /** Rebuilds a state from a snapshot's contents. */
  public static AccountState of(Map<String, AccountReply.Balance> balances, List<String> requestIds) {
    AccountState s = new AccountState();
    balances.forEach((asset, b) -> s.balances.put(asset, new long[] {b.available(), b.held()}));
    requestIds.forEach(id -> s.requestIds.put(id, Boolean.TRUE));
    return s;
  }
}
