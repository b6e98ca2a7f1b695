package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.support.AccountWorkload;
import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.TestNodes;
import com.typesafe.config.Config;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Accounts on, one node: a randomized workload over three books and six accounts (one of them
 * poor), then every order cancelled. Each account ends with exactly its deposits, minus its
 * withdrawals, plus the journal's trades settled once with their fees, nothing held, and every
 * asset conserved; a restart (settlement starting again from its progress) changes nothing.
 */
class SettlementTest {
  private static final List<String> ACCOUNTS = List.of("t1", "t2", "t3", "t4", "t5", "poor");

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
      w.fund(api);
      Api.Reply marketBuy = api.post("/books/BTC-USD/orders",
          "{\"account\":\"t1\",\"side\":\"BUY\",\"type\":\"MARKET\",\"timeInForce\":\"IOC\",\"quantityLots\":1}");
      assertEquals(422, marketBuy.status());
      assertEquals("BUY_NEEDS_LIMIT_PRICE", marketBuy.body().get("error").asText());
      w.run(i -> api, 1200, 12);
      assertTrue(w.accepted.get() > 500, "orders accepted: " + w.accepted);
      assertTrue(w.insufficient.get() > 0, "the poor account ran out: " + w.insufficient);
      assertTrue(w.unfundedAmends.get() > 0, "a raising amend was refused: " + w.unfundedAmends);
      for (String a : ACCOUNTS) {
        assertEquals(200, api.delete("/orders?account=" + a).status());
      }
      w.awaitSettled(api, journal, Duration.ofSeconds(60));
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
