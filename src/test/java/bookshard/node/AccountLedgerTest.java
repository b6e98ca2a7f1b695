package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.TestNodes;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Account balances on each journal: a random run of deposits, withdrawals (some refused) and
 * retried requests, then a restart. Every balance equals what the client model says was applied,
 * none is ever negative, and the sum per asset is deposits minus withdrawals.
 */
class AccountLedgerTest {
  private static final List<String> ACCOUNTS = List.of("a1", "a2", "a3", "a4");
  private static final List<String> ASSETS = List.of("BTC", "USD", "ETH");

  private static long available(JsonNode reply, String asset) {
    for (JsonNode b : reply.get("balances")) {
      if (b.get("asset").asText().equals(asset)) {
        assertTrue(b.get("available").asLong() >= 0 && b.get("held").asLong() >= 0, reply.toString());
        return b.get("available").asLong();
      }
    }
    return 0;
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void balancesFollowAppliedMovementsOnceAndSurviveARestart(Backend backend) throws Exception {
    Config journal = backend.freshJournal(Files.createTempDirectory("ledger"));
    // A snapshot every few events, so the restart reads balances and request ids from one.
    String settings = "bookshard.accounts.enabled = on\nbookshard.accounts.snapshot-every = 5\n";
    Map<String, Long> model = new HashMap<>();
    Map<String, Long> netPerAsset = new HashMap<>();
    SplittableRandom rnd = new SplittableRandom(7);
    String[] firstApplied = null;
    try (BookshardNode node = TestNodes.start(journal, settings)) {
      Api api = new Api(node.baseUrl());
      for (int i = 0; i < 300; i++) {
        String account = ACCOUNTS.get(rnd.nextInt(ACCOUNTS.size()));
        String asset = ASSETS.get(rnd.nextInt(ASSETS.size()));
        long amount = 1 + rnd.nextInt(1000);
        boolean deposit = rnd.nextInt(5) < 3;
        String key = account + "/" + asset;
        String path = "/accounts/" + account + (deposit ? "/deposits" : "/withdrawals");
        String body = "{\"asset\":\"" + asset + "\",\"amount\":" + amount + ",\"requestId\":\"r" + i + "\"}";
        Api.Reply r = api.post(path, body);
        long before = model.getOrDefault(key, 0L);
        if (!deposit && before < amount) {
          assertEquals(422, r.status(), r.toString());
          assertEquals("INSUFFICIENT_FUNDS", r.body().get("error").asText());
          continue;
        }
        assertEquals(200, r.status(), r.toString());
        long signed = deposit ? amount : -amount;
        model.put(key, before + signed);
        netPerAsset.merge(asset, signed, Long::sum);
        assertEquals(before + signed, available(r.body(), asset));
        if (firstApplied == null) {
          firstApplied = new String[] {path, body};
        }
        if (rnd.nextInt(10) == 0) {
          Api.Reply retry = api.post(path, body); // a client that lost the reply
          assertEquals(true, retry.body().get("duplicate").asBoolean());
          assertEquals(before + signed, available(retry.body(), asset), "a retry is applied once");
        }
      }
    }
    try (BookshardNode node = TestNodes.start(journal, settings)) {
      Api api = new Api(node.baseUrl());
      Map<String, Long> sums = new HashMap<>();
      for (String account : ACCOUNTS) {
        JsonNode balances = api.get("/accounts/" + account + "/balances").body();
        for (String asset : ASSETS) {
          long got = available(balances, asset);
          assertEquals(model.getOrDefault(account + "/" + asset, 0L), got, account + " " + asset + " after the restart");
          sums.merge(asset, got, Long::sum);
        }
      }
      for (String asset : ASSETS) {
        assertEquals(netPerAsset.getOrDefault(asset, 0L), sums.get(asset), asset + ": deposits minus withdrawals");
      }
      // The first request applied, retried after the restart: still known, applied nothing.
      Api.Reply again = api.post(firstApplied[0], firstApplied[1]);
      assertEquals(200, again.status());
      assertEquals(true, again.body().get("duplicate").asBoolean(), again.toString());
    }
  }
}
