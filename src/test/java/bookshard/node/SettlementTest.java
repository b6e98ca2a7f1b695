package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.support.AccountWorkload;
import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.TestNodes;
import com.typesafe.config.Config;
import java.nio.file.Files;
import java.time.Duration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Accounts on, one node: a randomized workload over three books and six accounts (one of them
 * poor), then every order cancelled. Each account ends with exactly its deposits, minus its
 * withdrawals, plus the journal's trades settled once with their fees, nothing held, and every
 * asset conserved; a restart (settlement starting again from its progress) changes nothing. The
 * WebSocket balances channel ends at the same balances, and resumes after a position exactly.
 */
class SettlementTest {
  private static final List<String> ACCOUNTS = List.of("t1", "t2", "t3", "t4", "t5", "poor");

  private static boolean same(Map<String, long[]> feed, Map<String, long[]> http) {
    return http.entrySet().stream().allMatch(e -> java.util.Arrays.equals(feed.get(e.getKey()), e.getValue()));
  }

  /** The WebSocket balances channel of one account: every message, and each asset's latest value. */
  private static final class BalanceFeed implements WebSocket.Listener {
    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private volatile JsonNode subscribed;
    private final Map<String, long[]> latest = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket ws;

    BalanceFeed(String baseUrl, String account, Long afterPosition) throws Exception {
      ws = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create(baseUrl.replace("http://", "ws://") + "/ws"), this).get(10, TimeUnit.SECONDS);
      ws.sendText("{\"op\":\"subscribe\",\"channel\":\"balances\",\"account\":\"" + account + "\""
          + (afterPosition == null ? "" : ",\"afterPosition\":" + afterPosition) + "}", true).get(5, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode m = new ObjectMapper().readTree(partial.toString());
          if ("subscribed".equals(m.path("type").asText())) {
            subscribed = m;
          }
          if ("balances".equals(m.path("type").asText())) {
            messages.add(m);
            m.get("balances").forEach(b -> latest.put(b.get("asset").asText(),
                new long[] {b.get("available").asLong(), b.get("held").asLong()}));
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        partial.setLength(0);
      }
      w.request(1);
      return null;
    }

    List<JsonNode> messages() {
      return List.copyOf(messages);
    }

    /** The subscription's confirmation (waits up to 10 s for it). */
    JsonNode subscribed() throws InterruptedException {
      for (int i = 0; i < 100 && subscribed == null; i++) {
        Thread.sleep(100);
      }
      return subscribed;
    }

    Map<String, long[]> latest() {
      return latest;
    }

    void close() {
      ws.abort();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void everyTradeSettlesOnceAndNothingIsCreatedOrLost(Backend backend) throws Exception {
    Config journal = backend.freshJournal(Files.createTempDirectory("settlement"));
    // Snapshots often: ledgers, books and settlement all restart from one.
    String settings = AccountWorkload.CONFIG + "bookshard.accounts.snapshot-every = 25\n"
        + "bookshard.book.snapshot-every = 40\n";
    AccountWorkload w = new AccountWorkload(ACCOUNTS, 11);
    try (BookshardNode node = TestNodes.start(journal, settings)) {
      Api api = new Api(node.baseUrl());
      BalanceFeed feed = new BalanceFeed(node.baseUrl(), "t1", null);
      w.fund(api);
      // The balances channel is an account's: its replies name the account as such, not as a symbol.
      assertEquals("t1", feed.subscribed().path("account").asText(), String.valueOf(feed.subscribed()));
      assertFalse(feed.subscribed().has("symbol"), String.valueOf(feed.subscribed()));
      Api.Reply marketBuy = api.post("/books/BTC-USD/orders",
          "{\"account\":\"t1\",\"side\":\"BUY\",\"type\":\"MARKET\",\"timeInForce\":\"IOC\",\"quantityLots\":1}");
      assertEquals(422, marketBuy.status());
      assertEquals("BUY_NEEDS_LIMIT_PRICE", marketBuy.body().get("error").asText());
      // Three rounds, each ending at a quiescent point with orders resting: conservation holds at each.
      for (int round = 0; round < 3; round++) {
        w.run(i -> api, 400, 12);
        w.awaitConserved(api, Duration.ofSeconds(30));
      }
      assertTrue(w.accepted.get() > 500, "orders accepted: " + w.accepted);
      assertTrue(w.insufficient.get() > 0, "the poor account ran out: " + w.insufficient);
      assertTrue(w.unfundedAmends.get() > 0, "a raising amend was refused: " + w.unfundedAmends);
      assertTrue(w.budgetedFills.get() > 0, "a budgeted market buy filled: " + w.budgetedFills);
      w.cancelAll(api, Duration.ofSeconds(60));
      w.awaitSettled(api, journal, Duration.ofSeconds(60));
      // The balances channel: positions rise, and the latest value of each asset is the balance.
      Map<String, long[]> now = AccountWorkload.balances(api, "t1");
      long until = System.currentTimeMillis() + 10_000;
      while (!feed.latest().keySet().containsAll(now.keySet()) || !same(feed.latest(), now)) {
        assertTrue(System.currentTimeMillis() < until, "balances channel " + feed.latest() + " vs " + now);
        Thread.sleep(100);
      }
      List<JsonNode> seen = feed.messages();
      assertTrue(seen.size() > 20, "one message per ledger write: " + seen.size());
      for (int i = 1; i < seen.size(); i++) {
        assertTrue(seen.get(i).get("position").asLong() > seen.get(i - 1).get("position").asLong(), "positions rise");
      }
      // Resumed after a position in the middle: exactly the messages that followed it.
      JsonNode middle = seen.get(seen.size() / 2);
      BalanceFeed resumed = new BalanceFeed(node.baseUrl(), "t1", middle.get("position").asLong());
      List<JsonNode> rest = seen.subList(seen.size() / 2 + 1, seen.size());
      until = System.currentTimeMillis() + 10_000;
      while (resumed.messages().size() < rest.size()) {
        assertTrue(System.currentTimeMillis() < until, "resumed: " + resumed.messages().size() + " of " + rest.size());
        Thread.sleep(100);
      }
      assertEquals(rest.toString(), resumed.messages().subList(0, rest.size()).toString());
      feed.close();
      resumed.close();
    }
    try (BookshardNode node = TestNodes.start(journal, settings)) {
      Api api = new Api(node.baseUrl());
      // Start every book again, so each settlement resumes and finds nothing left to do.
      for (String symbol : AccountWorkload.TERMS.keySet()) {
        assertEquals(200, api.get("/books/" + symbol).status());
      }
      Thread.sleep(2000);
      w.awaitSettled(api, journal, Duration.ofSeconds(30));
      Map<String, long[]> fees = AccountWorkload.balances(api, AccountWorkload.FEES);
      assertTrue(fees.get("USD")[0] > 0 && fees.get("BTC")[0] > 0, "fees were charged");
    }
  }
}
