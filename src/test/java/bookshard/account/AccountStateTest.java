package bookshard.account;

import bookshard.protocol.AccountRequest;
import bookshard.protocol.AccountEvent;
import bookshard.protocol.AccountReply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ledgers of several accounts and a fee account through random deposits, withdrawals, order
 * holds, trades settled on both sides with fees, and releases, each command sometimes sent twice:
 * after every step no balance is negative, each asset's held balance is the sum of its open holds,
 * and for every asset the sum over all accounts is deposits minus withdrawals.
 */
class AccountStateTest {
  private static final List<String> ACCOUNTS = List.of("a", "b", "c", "d");
  private static final long FEE_BPS = 20;

  private record Order(String account, boolean buy, long price, long qty, String holdId) {}

  private final Map<String, AccountState> ledgers = new HashMap<>();
  private final Map<String, Long> external = new HashMap<>();
  private int writes;

  private AccountState.Decision send(String account, AccountRequest c, boolean retry) {
    AccountState s = ledgers.computeIfAbsent(account, a -> new AccountState());
    AccountState.Decision d = s.decide(c);
    if (d instanceof AccountState.Decision.Write w) {
      s.apply(w.event());
      writes++;
      if (w.event() instanceof AccountEvent.Deposited e) {
        external.merge(e.asset(), e.amount(), Long::sum);
      } else if (w.event() instanceof AccountEvent.Withdrawn e) {
        external.merge(e.asset(), -e.amount(), Long::sum);
      }
      if (retry) {
        assertInstanceOf(AccountState.Decision.Repeat.class, s.decide(c), "a repeat applies nothing: " + c);
      }
    }
    return d;
  }

  private void checkInvariants(String at) {
    Map<String, Long> total = new HashMap<>();
    for (var e : ledgers.entrySet()) {
      AccountState s = e.getValue();
      Map<String, Long> held = new HashMap<>();
      s.holds().values().forEach(h -> held.merge(h.asset(), h.remaining(), Long::sum));
      s.balances().forEach((asset, b) -> {
        assertTrue(b.available() >= 0 && b.held() >= 0, at + ": " + e.getKey() + " " + asset + " " + b);
        assertEquals(held.getOrDefault(asset, 0L), b.held(), at + ": held is the sum of open holds");
        total.merge(asset, b.available() + b.held(), Long::sum);
      });
    }
    for (String asset : List.of("BTC", "USD")) {
      assertEquals(external.getOrDefault(asset, 0L), total.getOrDefault(asset, 0L), at + ": conservation of " + asset);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void nothingIsCreatedOrLostAndNothingGoesBelowZero(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Order> open = new ArrayList<>();
    int trades = 0;
    for (int step = 0; step < 4000; step++) {
      String account = ACCOUNTS.get(rnd.nextInt(ACCOUNTS.size()));
      boolean retry = rnd.nextInt(8) == 0;
      int kind = rnd.nextInt(100);
      if (kind < 15) {
        String asset = rnd.nextBoolean() ? "BTC" : "USD";
        send(account, new AccountRequest.Deposit(asset, 1 + rnd.nextInt(10_000), "dep-" + step), retry);
      } else if (kind < 22) {
        String asset = rnd.nextBoolean() ? "BTC" : "USD";
        send(account, new AccountRequest.Withdraw(asset, 1 + rnd.nextInt(5_000), "wd-" + step), retry);
      } else if (kind < 55) {
        boolean buy = rnd.nextBoolean();
        long price = 90 + rnd.nextInt(20);
        long qty = 1 + rnd.nextInt(30);
        String holdId = "BTC-USD:" + step;
        var d = send(account, new AccountRequest.Hold(holdId, buy ? "USD" : "BTC", buy ? price * qty : qty), retry);
        if (d instanceof AccountState.Decision.Write) {
          if (rnd.nextBoolean()) {
            // The book accepted the attempt's order: the hold goes by the order's name from now on.
            String order = holdId + "#" + step;
            send(account, new AccountRequest.Bind(holdId, order, "bind-" + step, null), retry);
            assertEquals(false, ledgers.get(account).holds().containsKey(holdId));
            holdId = order;
          }
          open.add(new Order(account, buy, price, qty, holdId));
        }
      } else if (kind < 90 && open.size() >= 2) {
        Order buy = open.stream().filter(Order::buy).findAny().orElse(null);
        Order sell = open.stream().filter(o -> !o.buy() && buy != null && !o.account().equals(buy.account())).findAny()
            .orElse(null);
        if (buy == null || sell == null) {
          continue;
        }
        long price = sell.price();
        long qty = Math.min(buy.qty(), sell.qty());
        long buyerHeld = ledgers.get(buy.account()).holds().get(buy.holdId()).remaining();
        long sellerHeld = ledgers.get(sell.account()).holds().get(sell.holdId()).remaining();
        qty = Math.min(qty, Math.min(buyerHeld / price, sellerHeld));
        if (qty == 0) {
          continue;
        }
        long match = ++trades;
        long quote = price * qty;
        long baseFee = qty * FEE_BPS / 10_000;
        long quoteFee = quote * FEE_BPS / 10_000;
        send(buy.account(), new AccountRequest.Settle(buy.holdId(), "BTC-USD:" + match + ":B", quote, "BTC", qty - baseFee), retry);
        send(sell.account(), new AccountRequest.Settle(sell.holdId(), "BTC-USD:" + match + ":S", qty, "USD", quote - quoteFee), retry);
        send("fees", new AccountRequest.Credit("BTC", baseFee, "BTC-USD:" + match + ":fB"), retry);
        send("fees", new AccountRequest.Credit("USD", quoteFee, "BTC-USD:" + match + ":fQ"), retry);
        open.remove(buy);
        open.remove(sell);
        // What the fills did not use goes back, as an order's cancel or unfilled rest does.
        for (Order o : List.of(buy, sell)) {
          if (ledgers.get(o.account()).holds().containsKey(o.holdId())) {
            send(o.account(), new AccountRequest.Release(o.holdId(), o.holdId() + ":rel"), retry);
          }
        }
      } else if (!open.isEmpty()) {
        Order o = open.remove(rnd.nextInt(open.size()));
        send(o.account(), new AccountRequest.Release(o.holdId(), o.holdId() + ":rel"), retry);
      }
      checkInvariants("seed " + seed + " step " + step);
    }
    assertTrue(trades > 50 && writes > 1500, trades + " trades, " + writes + " writes");
  }

  @org.junit.jupiter.api.Test
  void attemptsWithOneClientOrderIdNeverShareAHold() {
    AccountState s = new AccountState();
    s.apply(new AccountEvent.Deposited("USD", 10_000, "d1"));
    // Two attempts at once with clientOrderId c: each holds its own.
    apply(s, new AccountRequest.Hold("BTC-USD:a:c@k-1", "USD", 3_000));
    apply(s, new AccountRequest.Hold("BTC-USD:a:c@k-2", "USD", 2_000));
    // The first was refused by its book and undone; the second's order was accepted and bound.
    apply(s, new AccountRequest.Release("BTC-USD:a:c@k-1", "BTC-USD:a:c@k-1:undo"));
    apply(s, new AccountRequest.Bind("BTC-USD:a:c@k-2", "BTC-USD:a:c#7", "BTC-USD:7:bind",
        new AccountRequest.Origin("BTC-USD", 16)));
    assertEquals(new AccountReply.Balance(8_000, 2_000), s.balances().get("USD"));
    // A third attempt with c, after order 7 finished but before its release arrived, holds its own too.
    apply(s, new AccountRequest.Hold("BTC-USD:a:c@k-3", "USD", 1_000));
    apply(s, new AccountRequest.Release("BTC-USD:a:c#7", "BTC-USD:7:rel", new AccountRequest.Origin("BTC-USD", 32)));
    assertEquals(new AccountReply.Balance(9_000, 1_000), s.balances().get("USD"), "order 7's release took only its own");
    assertEquals(java.util.Set.of("BTC-USD:a:c@k-3"), s.holds().keySet());
    // A settlement's repeat of the bind is recognised by its origin.
    assertInstanceOf(AccountState.Decision.Repeat.class, s.decide(new AccountRequest.Bind("BTC-USD:a:c@k-2",
        "BTC-USD:a:c#7", "BTC-USD:7:bind", new AccountRequest.Origin("BTC-USD", 16))));
  }

  @org.junit.jupiter.api.Test
  void theBindOfOneAttemptReleasesTheOthersAtTheSameOrder() {
    AccountState s = new AccountState();
    s.apply(new AccountEvent.Deposited("USD", 10_000, "d1"));
    // The first attempt held, and its node died before the order reached the book; the retry
    // held again and its order was accepted. Another order's attempt, and another book's, stay.
    apply(s, new AccountRequest.Hold("BTC-USD:a:c@k-1", "USD", 3_000));
    apply(s, new AccountRequest.Hold("BTC-USD:a:c@m-1", "USD", 3_000));
    apply(s, new AccountRequest.Hold("BTC-USD:a:d@m-2", "USD", 1_000));
    apply(s, new AccountRequest.Hold("ETH-USD:a:c@m-3", "USD", 500));
    AccountState restored = s.copy();
    for (AccountState ledger : List.of(s, restored)) {
      apply(ledger, new AccountRequest.Bind("BTC-USD:a:c@m-1", "BTC-USD:a:c#9", "BTC-USD:9:bind",
          new AccountRequest.Origin("BTC-USD", 144)));
      assertEquals(java.util.Set.of("BTC-USD:a:c#9", "BTC-USD:a:d@m-2", "ETH-USD:a:c@m-3"), ledger.holds().keySet());
      assertEquals(new AccountReply.Balance(5_500, 4_500), ledger.balances().get("USD"));
      // The first attempt's caller, had it lived, would release it: nothing is left to release.
      assertInstanceOf(AccountState.Decision.Refuse.class,
          ledger.decide(new AccountRequest.Release("BTC-USD:a:c@k-1", "BTC-USD:a:c@k-1:undo")));
    }
  }

  @org.junit.jupiter.api.Test
  void anOrdersCommandsReachAHoldTakenUnderTheOldName() {
    AccountState s = new AccountState();
    s.apply(new AccountEvent.Deposited("USD", 5_000, "d1"));
    apply(s, new AccountRequest.Hold("BTC-USD:a:c", "USD", 3_000));
    var settled = (AccountState.Decision.Write) s.decide(new AccountRequest.Settle("BTC-USD:a:c#4", "BTC-USD:1:B", 1_000,
        "BTC", 10, new AccountRequest.Origin("BTC-USD", 80)));
    assertEquals("BTC-USD:a:c", ((AccountEvent.Settled) settled.event()).holdId());
    s.apply(settled.event());
    apply(s, new AccountRequest.Release("BTC-USD:a:c#4", "BTC-USD:4:rel", new AccountRequest.Origin("BTC-USD", 81)));
    assertEquals(new AccountReply.Balance(4_000, 0), s.balances().get("USD"));
    assertTrue(s.holds().isEmpty());
  }

  private static void apply(AccountState s, AccountRequest c) {
    s.apply(((AccountState.Decision.Write) s.decide(c)).event());
  }

  @org.junit.jupiter.api.Test
  void aReleaseGivesBackWhatTheHoldHasAboveWhatItKeeps() {
    AccountState s = new AccountState();
    s.apply(new AccountEvent.Deposited("USD", 3_000, "d1"));
    s.apply(((AccountState.Decision.Write) s.decide(new AccountRequest.Hold("h", "USD", 3_000))).event());
    AccountRequest.Origin at5 = new AccountRequest.Origin("BTC-USD", 5);
    var trim = s.decide(new AccountRequest.Release("h", "h:trim:5", 1_000, at5));
    AccountEvent released = ((AccountState.Decision.Write) trim).event();
    assertEquals(2_000, released.amount());
    s.apply(released);
    assertEquals(new AccountReply.Balance(2_000, 1_000), s.balances().get("USD"));
    // The same trim again, or one that keeps more than is held, gives nothing back.
    assertInstanceOf(AccountState.Decision.Repeat.class,
        s.decide(new AccountRequest.Release("h", "h:trim:5", 1_000, at5)));
    assertInstanceOf(AccountState.Decision.Repeat.class,
        s.decide(new AccountRequest.Release("h", "h:trim:6", 1_500, new AccountRequest.Origin("BTC-USD", 6))));
    var rest = (AccountState.Decision.Write) s.decide(
        new AccountRequest.Release("h", "h:rel", new AccountRequest.Origin("BTC-USD", 7)));
    assertEquals(1_000, rest.event().amount());
    s.apply(rest.event());
    assertEquals(new AccountReply.Balance(3_000, 0), s.balances().get("USD"));
    assertTrue(s.holds().isEmpty());
  }
}
