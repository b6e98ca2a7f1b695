package bookshard.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.book.BookEvent;
import bookshard.book.Side;
import bookshard.protocol.AccountEvent;
import bookshard.protocol.AssetTerms;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A randomized trading workload over several books and accounts with balances, driven over HTTP,
 * and what its balances must end at: deposits and withdrawals as acknowledged, plus every trade
 * in the books' journals settled once (each side's legs, its fee to the fee account). The
 * reference reads the journal, not the engine's settlement, so a trade settled twice or never
 * shows as a difference.
 */
public final class AccountWorkload {
  public static final String FEES = "fees";

  /** The instruments' terms the tests configure ({@link #CONFIG}). */
  public static final Map<String, AssetTerms> TERMS = Map.of(
      "BTC-USD", new AssetTerms("BTC", "USD", 100, 10, 10, 25),
      "ETH-USD", new AssetTerms("ETH", "USD", 1, 1, 0, 0),
      "ETH-BTC", new AssetTerms("ETH", "BTC", 1000, 1, 5, 5));

  public static final String CONFIG = String.join("\n",
      "bookshard.accounts.enabled = on",
      "bookshard.accounts.fee-account = " + FEES,
      "bookshard.instruments.symbols = [\"BTC-USD\", \"ETH-USD\", \"ETH-BTC\"]",
      "bookshard.instruments.rules { \"BTC-USD\" { base-per-lot = 100, quote-per-tick-lot = 10, maker-fee-bps = 10,"
          + " taker-fee-bps = 25 } }",
      "bookshard.instruments.rules { \"ETH-BTC\" { base-per-lot = 1000, maker-fee-bps = 5, taker-fee-bps = 5 } }",
      "");

  /** Blocking HTTP clients (the common pool has one thread on two cores). */
  private static final java.util.concurrent.ExecutorService CLIENTS = java.util.concurrent.Executors.newFixedThreadPool(32,
      r -> {
        Thread t = new Thread(r, "account-workload");
        t.setDaemon(true);
        return t;
      });

  private final List<String> accounts;
  private final SplittableRandom rnd;
  /** Per account and asset: deposits minus acknowledged withdrawals. */
  private final Map<String, Map<String, Long>> external = new ConcurrentHashMap<>();
  private final Map<String, List<long[]>> live = new ConcurrentHashMap<>();
  /** Every order a node acknowledged (201), for the journal audit: lost and duplicated. */
  public final java.util.Queue<JournalAudit.Ack> acks = new java.util.concurrent.ConcurrentLinkedQueue<>();
  public final AtomicInteger insufficient = new AtomicInteger();
  public final AtomicInteger accepted = new AtomicInteger();
  public final AtomicInteger unfundedAmends = new AtomicInteger();
  public final AtomicInteger budgetedFills = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger();

  public AccountWorkload(List<String> accounts, long seed) {
    this.accounts = accounts;
    this.rnd = new SplittableRandom(seed);
  }

  public void deposit(Api api, String account, String asset, long amount) {
    Api.Reply r = api.post("/accounts/" + account + "/deposits",
        "{\"asset\":\"" + asset + "\",\"amount\":" + amount + ",\"requestId\":\"d" + ids.incrementAndGet() + "\"}");
    assertEquals(200, r.status(), String.valueOf(r.body()));
    external.computeIfAbsent(account, a -> new ConcurrentHashMap<>()).merge(asset, amount, Long::sum);
  }

  /** Each account gets a lot of every asset, but the last little: its orders run into INSUFFICIENT_FUNDS. */
  public void fund(Api api) {
    for (String a : accounts) {
      long scale = a.equals(accounts.get(accounts.size() - 1)) ? 1 : 1000;
      deposit(api, a, "USD", 20_000 * scale);
      deposit(api, a, "BTC", 2_000 * scale);
      deposit(api, a, "ETH", 20_000 * scale);
    }
  }

  /** {@code ops} random orders, cancels, amends and withdrawals, {@code parallel} at a time, each on a node {@code via} picks. */
  public void run(IntFunction<Api> via, int ops, int parallel) {
    List<String> symbols = List.copyOf(new TreeMap<>(TERMS).keySet());
    for (int done = 0; done < ops; done += parallel) {
      List<CompletableFuture<?>> inFlight = new ArrayList<>();
      for (int i = 0; i < parallel; i++) {
        String account = accounts.get(rnd.nextInt(accounts.size()));
        String symbol = symbols.get(rnd.nextInt(symbols.size()));
        Api api = via.apply(rnd.nextInt(1 << 20));
        int kind = rnd.nextInt(20);
        if (kind < 14) {
          inFlight.add(place(api, symbol, account));
        } else if (kind < 17) {
          inFlight.add(cancel(api, symbol, account));
        } else if (kind < 19) {
          inFlight.add(amend(api, symbol, account));
        } else {
          inFlight.add(withdraw(api, account));
        }
      }
      inFlight.forEach(f -> {
        try {
          f.join();
        } catch (RuntimeException e) {
          // A cancel or amend on a node killed mid-request: the journal knows what it did.
        }
      });
    }
  }

  /**
   * A submission is sent until some node answers it (the same clientOrderId each time, on any
   * node): a client that gave up would leave its hold with no order (see README, Accounts).
   */
  private CompletableFuture<?> place(Api api, String symbol, String account) {
    boolean buy = rnd.nextBoolean();
    long price = 95 + rnd.nextInt(11);
    long qty = 1 + rnd.nextInt(20);
    String tif = rnd.nextInt(10) == 0 ? "IOC" : "GTC";
    String clientOrderId = "c" + ids.incrementAndGet();
    String body = buy && rnd.nextInt(10) == 0
        // A budgeted market buy: fills entirely if the asks cost at most ~price a lot, else is rejected.
        ? String.format("{\"account\":\"%s\",\"side\":\"BUY\",\"type\":\"MARKET\",\"timeInForce\":\"FOK\","
            + "\"quantityLots\":%d,\"maxNotional\":%d,\"clientOrderId\":\"%s\"}", account, qty, qty * price,
            clientOrderId)
        : String.format("{\"account\":\"%s\",\"side\":\"%s\",\"priceTicks\":%d,\"quantityLots\":%d,"
            + "\"timeInForce\":\"%s\",\"clientOrderId\":\"%s\"}", account, buy ? "BUY" : "SELL", price, qty, tif,
            clientOrderId);
    return CompletableFuture.runAsync(() -> {
      Api.Reply r = untilAnswered(api, a -> a.post("/books/" + symbol + "/orders", body));
      if (r.status() == 201) {
        accepted.incrementAndGet();
        if (body.contains("maxNotional") && "FILLED".equals(r.body().get("status").asText())) {
          budgetedFills.incrementAndGet();
        }
        acks.add(new JournalAudit.Ack(symbol, account, clientOrderId, r.body().get("orderId").asLong()));
        List<long[]> orders = live.computeIfAbsent(symbol + "/" + account, k -> new ArrayList<>());
        synchronized (this) {
          orders.add(new long[] {r.body().get("orderId").asLong(), buy ? 1 : 0, price});
        }
      } else if (r.status() == 422 && "INSUFFICIENT_FUNDS".equals(r.body().get("error").asText())) {
        assertEquals("quantityLots", r.body().get("field").asText());
        insufficient.incrementAndGet();
      }
    }, CLIENTS);
  }

  /** Where a retry goes when a node does not answer: another one, if the caller set it. */
  private java.util.function.Supplier<Api> failover;

  public void failover(java.util.function.Supplier<Api> nodes) {
    this.failover = nodes;
  }

  /** The first answer that is not a failure of the engine (a dead node, a timeout, a 5xx), within 2 minutes. */
  private Api.Reply untilAnswered(Api first, java.util.function.Function<Api, Api.Reply> call) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    Api api = first;
    while (true) {
      try {
        Api.Reply r = call.apply(api);
        if (r.status() < 500 && r.status() != 429) {
          return r;
        }
      } catch (RuntimeException e) {
        // The node is gone; try another.
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no node answered within 2 minutes");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (failover != null) {
        api = failover.get();
      }
    }
  }

  private long[] someOrder(String symbol, String account) {
    List<long[]> orders = live.get(symbol + "/" + account);
    synchronized (this) {
      return orders == null || orders.isEmpty() ? null : orders.get(rnd.nextInt(orders.size()));
    }
  }

  private CompletableFuture<?> cancel(Api api, String symbol, String account) {
    long[] o = someOrder(symbol, account);
    return o == null ? CompletableFuture.completedFuture(null)
        : CompletableFuture.runAsync(() -> api.delete("/books/" + symbol + "/orders/" + o[0] + "?account=" + account),
            CLIENTS);
  }

  /** Half the amends of buys raise price and quantity: refused (AMEND_NOT_FUNDED) if the order still rests. */
  private CompletableFuture<?> amend(Api api, String symbol, String account) {
    long[] o = someOrder(symbol, account);
    if (o == null) {
      return CompletableFuture.completedFuture(null);
    }
    boolean raise = o[1] == 1 && rnd.nextBoolean();
    long price = raise ? o[2] + 3 : Math.max(1, o[2] - rnd.nextInt(3));
    // Raising: more than any order was placed with, so it always costs more than is held.
    long qty = raise ? 25 : 1 + rnd.nextInt(3);
    String body = String.format("{\"account\":\"%s\",\"priceTicks\":%d,\"quantityLots\":%d}", account, price, qty);
    return api.postAsync("/books/" + symbol + "/orders/" + o[0] + "/amend", body, Duration.ofSeconds(30)).thenAccept(r -> {
      if (r.status() == 422 && "AMEND_NOT_FUNDED".equals(r.body().get("error").asText())) {
        unfundedAmends.incrementAndGet();
      }
    });
  }

  /** Retried with the same requestId until answered: applied once either way. */
  private CompletableFuture<?> withdraw(Api api, String account) {
    long amount = 1 + rnd.nextInt(5000);
    String body = "{\"asset\":\"USD\",\"amount\":" + amount + ",\"requestId\":\"w" + ids.incrementAndGet() + "\"}";
    return CompletableFuture.runAsync(() -> {
      Api.Reply r = untilAnswered(api, a -> a.post("/accounts/" + account + "/withdrawals", body));
      if (r.status() == 200) {
        external.get(account).merge("USD", -amount, Long::sum);
      }
    }, CLIENTS);
  }

  /** What every account (and the fee account) must hold once everything is settled and no order rests. */
  public Map<String, Map<String, Long>> expected(Config journal) throws Exception {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    external.forEach((a, m) -> out.put(a, new TreeMap<>(m)));
    for (var entry : TERMS.entrySet()) {
      AssetTerms t = entry.getValue();
      Map<Long, String> owner = new HashMap<>();
      for (BookEvent e : JournalRows.events(journal, entry.getKey())) {
        if (e instanceof BookEvent.OrderAccepted a) {
          owner.put(a.orderId(), a.account());
        } else if (e instanceof BookEvent.TradeExecuted x) {
          boolean takerBuys = x.takerSide() == Side.BUY;
          String buyer = owner.get(takerBuys ? x.takerOrderId() : x.makerOrderId());
          String seller = owner.get(takerBuys ? x.makerOrderId() : x.takerOrderId());
          long base = t.baseAmount(x.quantityLots());
          long quote = t.quoteAmount(x.priceTicks(), x.quantityLots());
          long baseFee = t.fee(base, !takerBuys);
          long quoteFee = t.fee(quote, takerBuys);
          add(out, buyer, t.base(), base - baseFee);
          add(out, buyer, t.quote(), -quote);
          add(out, seller, t.quote(), quote - quoteFee);
          add(out, seller, t.base(), -base);
          add(out, FEES, t.base(), baseFee);
          add(out, FEES, t.quote(), quoteFee);
        }
      }
    }
    return out;
  }

  private static void add(Map<String, Map<String, Long>> m, String account, String asset, long amount) {
    m.computeIfAbsent(account, a -> new TreeMap<>()).merge(asset, amount, Long::sum);
  }

  /** Balances as the node answers them: asset to {available, held}; no balance is ever negative. */
  public static Map<String, long[]> balances(Api api, String account) {
    Api.Reply r = api.get("/accounts/" + account + "/balances");
    assertEquals(200, r.status(), String.valueOf(r.body()));
    Map<String, long[]> out = new TreeMap<>();
    for (JsonNode b : r.body().get("balances")) {
      long available = b.get("available").asLong();
      long held = b.get("held").asLong();
      assertTrue(available >= 0 && held >= 0, account + ": a negative balance " + b);
      out.put(b.get("asset").asText(), new long[] {available, held});
    }
    return out;
  }

  /**
   * Waits until every account's available balance is what the journal says and nothing is held
   * (the caller cancelled every order), then checks conservation per asset.
   */
  /**
   * Cancels every order of each account, retrying while the answer is 503 or 429 (a book moving
   * after a node's restart may not answer within the ask timeout; a mass cancel is safe to repeat,
   * as the reply says), and fails on any other answer than 200.
   */
  public void cancelAll(Api api, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    for (String a : accounts) {
      Api.Reply reply;
      while ((reply = api.delete("/orders?account=" + a)).status() == 503 || reply.status() == 429) {
        if (System.nanoTime() > deadline) {
          break;
        }
        Thread.sleep(250);
      }
      Api.Reply last = reply;
      assertEquals(200, last.status(), () -> a + ": " + last.body());
    }
  }

  public void awaitSettled(Api api, Config journal, Duration within) throws Exception {
    Map<String, Map<String, Long>> expected = expected(journal);
    long deadline = System.nanoTime() + within.toNanos();
    String diff;
    while (true) {
      diff = difference(api, expected);
      if (diff.isEmpty() || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(250);
    }
    if (!diff.isEmpty()) {
      diff += openHolds(journal, expected.keySet());
    }
    assertEquals("", diff, "balances after settlement differ from the journal's trades");
    Map<String, Long> perAsset = new TreeMap<>();
    Map<String, Long> externalPerAsset = new TreeMap<>();
    for (String a : expected.keySet()) {
      balances(api, a).forEach((asset, b) -> perAsset.merge(asset, b[0] + b[1], Long::sum));
    }
    external.values().forEach(m -> m.forEach((asset, v) -> externalPerAsset.merge(asset, v, Long::sum)));
    assertEquals(externalPerAsset, perAsset, "conservation: per asset, all balances = deposits - withdrawals");
  }

  /**
   * Each hold still open in a ledger's journal, with every ledger event and book event that names
   * it (its clientOrderId): what a failure needs to say which step left it.
   */
  private static String openHolds(Config journal, java.util.Set<String> accounts) throws Exception {
    StringBuilder out = new StringBuilder();
    for (String account : accounts) {
      List<AccountEvent> ledger = JournalRows.ledger(journal, account);
      bookshard.account.AccountState state = new bookshard.account.AccountState();
      ledger.forEach(state::apply);
      for (var hold : state.holds().entrySet()) {
        String name = hold.getKey();
        String[] parts = name.split(":", 3);
        String clientOrderId = parts.length < 3 ? name : parts[2].replaceAll("[@#].*", "");
        out.append("open hold ").append(name).append(' ').append(hold.getValue()).append('\n');
        for (AccountEvent e : ledger) {
          if (String.valueOf(e).contains(parts.length < 3 ? name : parts[0] + ":" + account + ":" + clientOrderId)) {
            out.append("  ledger ").append(e).append('\n');
          }
        }
        if (parts.length == 3 && TERMS.containsKey(parts[0])) {
          for (BookEvent e : JournalRows.events(journal, parts[0])) {
            if (java.util.regex.Pattern.compile("(?i)clientOrderId=" + java.util.regex.Pattern.quote(clientOrderId) + "[,\\]]")
                .matcher(String.valueOf(e)).find()) {
              out.append("  book ").append(e).append('\n');
            }
          }
        }
      }
    }
    return out.toString();
  }

  /**
   * A quiescent point with orders still resting: once settlement has caught up, every asset's
   * total over all accounts (fee account included, available + held) is deposits − withdrawals.
   * Between a trade's legs it is not (one side has moved, the other not yet), so this waits.
   */
  public void awaitConserved(Api api, Duration within) throws Exception {
    Map<String, Long> want = new TreeMap<>();
    external.values().forEach(m -> m.forEach((asset, v) -> want.merge(asset, v, Long::sum)));
    List<String> all = new ArrayList<>(accounts);
    all.add(FEES);
    long deadline = System.nanoTime() + within.toNanos();
    Map<String, Long> have;
    do {
      have = new TreeMap<>();
      for (String a : all) {
        for (var b : balances(api, a).entrySet()) {
          have.merge(b.getKey(), b.getValue()[0] + b.getValue()[1], Long::sum);
        }
      }
      if (have.equals(want)) {
        return;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    assertEquals(want, have, "conservation at a quiescent point: per asset, all balances = deposits - withdrawals");
  }

  private static String difference(Api api, Map<String, Map<String, Long>> expected) {
    StringBuilder diff = new StringBuilder();
    for (var e : expected.entrySet()) {
      Map<String, long[]> actual = balances(api, e.getKey());
      for (var want : e.getValue().entrySet()) {
        long[] have = actual.getOrDefault(want.getKey(), new long[2]);
        if (have[0] != want.getValue() || have[1] != 0) {
          diff.append(e.getKey()).append('/').append(want.getKey()).append(": ").append(have[0]).append('+')
              .append(have[1]).append(" held, want ").append(want.getValue()).append('\n');
        }
      }
    }
    return diff.toString();
  }

  public List<String> accounts() {
    return accounts;
  }
}
