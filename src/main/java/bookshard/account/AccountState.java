package bookshard.account;

import bookshard.protocol.AccountRequest;
import bookshard.protocol.AccountEvent;
import bookshard.protocol.AccountReply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An account's balances per asset, its open holds, and the request ids it applied last (for
 * idempotent retries). {@link #decide} turns a command into the event it causes (or a refusal, or
 * nothing for a repeat); {@link #apply} is the only mutator, on the ledger's thread. Invariants:
 * no balance below zero, and each asset's held balance is the sum of its open holds.
 */
public final class AccountState {
  /** Request ids remembered per account. */
  public static final int REQUEST_IDS = 10_000;

  /** An open hold: what is left of it, in one asset. */
  public record Hold(String asset, long remaining) {}

  /** What a command does: an event to write, a refusal, or nothing (it was applied before). */
  public sealed interface Decision {
    record Write(AccountEvent event) implements Decision {}

    record Refuse(String reason) implements Decision {}

    record Repeat() implements Decision {}
  }

  private final TreeMap<String, long[]> balances = new TreeMap<>();
  /** Per book: the seq of the last settlement command applied from it. */
  private final TreeMap<String, Long> settledThrough = new TreeMap<>();
  private final LinkedHashMap<String, Hold> holds = new LinkedHashMap<>();
  /** The open attempts' holds ({@link Settlement#attemptHoldId}) per order they were for (the name without the attempt). */
  private final java.util.HashMap<String, java.util.List<String>> attempts = new java.util.HashMap<>();
  private final LinkedHashMap<String, Boolean> requestIds = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REQUEST_IDS;
    }
  };

  /**
   * The event a change causes; reads only (GetBalances is not a change). A hold is a repeat while
   * it is open; once closed, its id may hold again (a retried order whose first attempt the book
   * rejected). A settlement command is a repeat if its book's settlement got past it already.
   */
  public Decision decide(AccountRequest c) {
    if (c instanceof AccountRequest.Deposit d) {
      return once(d.requestId(), new AccountEvent.Deposited(d.asset(), d.amount(), d.requestId()));
    } else if (c instanceof AccountRequest.Credit d) {
      return settled(d.origin()) ? new Decision.Repeat()
          : once(d.requestId(), new AccountEvent.Credited(d.asset(), d.amount(), d.requestId(), d.origin()));
    } else if (c instanceof AccountRequest.Withdraw w) {
      return applied(w.requestId()) ? new Decision.Repeat()
          : available(w.asset()) < w.amount() ? new Decision.Refuse("INSUFFICIENT_FUNDS")
          : new Decision.Write(new AccountEvent.Withdrawn(w.asset(), w.amount(), w.requestId()));
    } else if (c instanceof AccountRequest.Hold h) {
      return holds.containsKey(h.holdId()) ? new Decision.Repeat()
          : available(h.asset()) < h.amount() ? new Decision.Refuse("INSUFFICIENT_FUNDS")
          : new Decision.Write(new AccountEvent.Held(h.asset(), h.amount(), h.holdId()));
    } else if (c instanceof AccountRequest.Release r) {
      if (settled(r.origin()) || applied(r.releaseId())) {
        return new Decision.Repeat();
      }
      String name = holdName(r.holdId());
      Hold h = name == null ? null : holds.get(name);
      return h == null ? new Decision.Refuse("UNKNOWN_HOLD")
          : h.remaining() <= r.keep() ? new Decision.Repeat()
          : new Decision.Write(new AccountEvent.Released(h.asset(), h.remaining() - r.keep(), r.releaseId(), name,
              r.origin()));
    } else if (c instanceof AccountRequest.Settle s) {
      if (settled(s.origin()) || applied(s.settleId())) {
        return new Decision.Repeat();
      }
      String name = holdName(s.holdId());
      Hold h = name == null ? null : holds.get(name);
      return h == null ? new Decision.Refuse("UNKNOWN_HOLD")
          : h.remaining() < s.debitAmount() ? new Decision.Refuse("HOLD_EXCEEDED")
          : new Decision.Write(new AccountEvent.Settled(h.asset(), s.debitAmount(), s.settleId(), name,
              s.creditAsset(), s.creditAmount(), s.origin()));
    } else if (c instanceof AccountRequest.Bind b) {
      if (settled(b.origin()) || applied(b.requestId())) {
        return new Decision.Repeat();
      }
      Hold h = holds.get(b.holdId());
      return h == null ? new Decision.Refuse("UNKNOWN_HOLD")
          : new Decision.Write(new AccountEvent.Bound(h.asset(), h.remaining(), b.requestId(), b.holdId(), b.boundTo(),
              b.origin()));
    }
    throw new IllegalArgumentException("not a change: " + c);
  }

  /**
   * The open hold a settlement command means: its own name, or for an order's name
   * ({@link Settlement#orderHoldId}) whose hold was taken before holds were per attempt, the name
   * it was taken under then (which no attempt uses). Null if neither is open.
   */
  private String holdName(String holdId) {
    if (holds.containsKey(holdId)) {
      return holdId;
    }
    String legacy = Settlement.legacyNameOf(holdId);
    return legacy != null && holds.containsKey(legacy) ? legacy : null;
  }

  private boolean settled(AccountRequest.Origin origin) {
    return origin != null && origin.seq() <= settledThrough.getOrDefault(origin.book(), -1L);
  }

  private Decision once(String requestId, AccountEvent e) {
    return applied(requestId) ? new Decision.Repeat() : new Decision.Write(e);
  }

  public AccountState apply(AccountEvent e) {
    long[] b = balances.computeIfAbsent(e.asset(), a -> new long[2]);
    if (e instanceof AccountEvent.Deposited || e instanceof AccountEvent.Credited) {
      b[0] = Math.addExact(b[0], e.amount());
    } else if (e instanceof AccountEvent.Withdrawn) {
      b[0] = below(b[0], e.amount(), e);
    } else if (e instanceof AccountEvent.Held) {
      b[0] = below(b[0], e.amount(), e);
      b[1] += e.amount();
      holds.put(e.requestId(), new Hold(e.asset(), e.amount()));
      indexAttempt(e.requestId());
    } else if (e instanceof AccountEvent.Released r) {
      take(r.holdId(), r.amount(), e);
      b[1] -= r.amount();
      b[0] += r.amount();
    } else if (e instanceof AccountEvent.Settled s) {
      take(s.holdId(), s.amount(), e);
      b[1] -= s.amount();
      long[] credit = balances.computeIfAbsent(s.creditAsset(), a -> new long[2]);
      credit[0] = Math.addExact(credit[0], s.creditAmount());
    } else if (e instanceof AccountEvent.Bound bound) {
      Hold h = holds.get(bound.holdId());
      if (h == null || h.remaining() != bound.amount()) {
        throw new IllegalStateException("hold " + bound.holdId() + " is not as bound in the journal: " + e);
      }
      close(bound.holdId());
      holds.merge(bound.boundTo(), h, (was, add) -> new Hold(was.asset(), Math.addExact(was.remaining(), add.remaining())));
      releaseOtherAttempts(bound.holdId());
    }
    if (e.origin() != null) {
      settledThrough.put(e.origin().book(), e.origin().seq());
    } else if (!(e instanceof AccountEvent.Held)) {
      // A hold repeats while open (holds), a settlement command by its origin: only the rest
      // needs its id remembered, which keeps the window for deposits and withdrawals wide.
      requestIds.put(e.requestId(), Boolean.TRUE);
    }
    return this;
  }

  private static long below(long available, long amount, AccountEvent e) {
    if (available < amount) {
      throw new IllegalStateException("a balance below zero in the journal: " + e);
    }
    return available - amount;
  }

  /** Takes from a hold; one that reaches zero is closed. */
  private void take(String holdId, long amount, AccountEvent e) {
    Hold h = holds.get(holdId);
    if (h == null || h.remaining() < amount) {
      throw new IllegalStateException("more than hold " + holdId + " has, in the journal: " + e);
    }
    if (h.remaining() == amount) {
      close(holdId);
    } else {
      holds.put(holdId, new Hold(h.asset(), h.remaining() - amount));
    }
  }

  private void indexAttempt(String holdId) {
    String order = Settlement.orderOfAttempt(holdId);
    if (order != null) {
      attempts.computeIfAbsent(order, k -> new java.util.ArrayList<>(1)).add(holdId);
    }
  }

  private void close(String holdId) {
    holds.remove(holdId);
    String order = Settlement.orderOfAttempt(holdId);
    java.util.List<String> open = order == null ? null : attempts.get(order);
    if (open != null) {
      open.remove(holdId);
      if (open.isEmpty()) {
        attempts.remove(order);
      }
    }
  }

  /**
   * Once the book accepted one attempt's order, the other attempts at that order (retries whose
   * first try died with its node, or ran at once) hold for nothing: the book refuses them now, as
   * it has the order. Their holds go back with the bind instead of waiting to be abandoned.
   */
  private void releaseOtherAttempts(String boundAttempt) {
    String order = Settlement.orderOfAttempt(boundAttempt);
    java.util.List<String> others = order == null ? null : attempts.remove(order);
    if (others == null) {
      return;
    }
    for (String other : others) {
      Hold h = holds.remove(other);
      long[] b = balances.get(h.asset());
      b[1] -= h.remaining();
      b[0] += h.remaining();
    }
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

  /** Open holds, oldest first. */
  public Map<String, Hold> holds() {
    return new LinkedHashMap<>(holds);
  }

  public List<String> requestIds() {
    return List.copyOf(requestIds.keySet());
  }

  /** Per book, the seq of the last settlement command applied from it. */
  public Map<String, Long> settledThrough() {
    return new TreeMap<>(settledThrough);
  }

  /** A copy the ledger can keep changing without changing this one (a snapshot being stored). */
  public AccountState copy() {
    return of(balances(), holds(), requestIds(), settledThrough());
  }

  /** Rebuilds a state from a snapshot's contents. */
  public static AccountState of(Map<String, AccountReply.Balance> balances, Map<String, Hold> holds,
      List<String> requestIds, Map<String, Long> settledThrough) {
    AccountState s = new AccountState();
    balances.forEach((asset, b) -> s.balances.put(asset, new long[] {b.available(), b.held()}));
    s.holds.putAll(holds);
    holds.keySet().forEach(s::indexAttempt);
    requestIds.forEach(id -> s.requestIds.put(id, Boolean.TRUE));
    s.settledThrough.putAll(settledThrough);
    return s;
  }
}
