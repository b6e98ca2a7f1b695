package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.TestNodes;
import com.typesafe.config.Config;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The account dead-man's switch (cancel all after), through HTTP against real nodes and journals. */
class DeadMansSwitchTest {
  private static final List<String> CONFIGURED = List.of("BTC-USD", "ETH-USD", "SOL-USD");

  private static long place(Api api, String symbol, String account, String side, long price) {
    Api.Reply r = api.place(symbol, account, side, price, 1);
    assertEquals(201, r.status(), String.valueOf(r.body()));
    return r.body().get("orderId").asLong();
  }

  private static boolean rests(Api api, String symbol, long orderId) {
    Api.Reply r = api.get("/books/" + symbol + "/orders/" + orderId);
    return r.status() == 200 && r.body().get("status").asText().contains("RESTING");
  }

  private static Api.Reply arm(Api api, String account, long timeoutMillis) {
    return api.post("/accounts/" + account + "/cancel-all-after", "{\"timeoutMillis\":" + timeoutMillis + "}");
  }

  /** Polls until every order in {@code orders} (symbol, id pairs) is gone; fails after 10 s. */
  private static void awaitGone(Api api, String[] symbols, long[] ids) throws InterruptedException {
    long until = System.currentTimeMillis() + 10_000;
    while (true) {
      boolean any = false;
      for (int i = 0; i < ids.length; i++) {
        any |= rests(api, symbols[i], ids[i]);
      }
      if (!any) {
        return;
      }
      assertTrue(System.currentTimeMillis() < until, "orders still rest 10 s after the deadline");
      Thread.sleep(50);
    }
  }

  @Test
  void reArmedItKeepsTheOrdersAndWhenNotReArmedItCancelsThemInEveryBook() throws Exception {
    try (BookshardNode node = TestNodes.start(Backend.H2.freshJournal(Files.createTempDirectory("guard")), "")) {
      Api api = new Api(node.baseUrl());
      assertEquals(400, arm(api, "mm", 50).status(), "below 100 ms is refused");
      assertEquals("timeoutMillis", arm(api, "mm", 50).body().get("field").asText());
      assertEquals(400, api.post("/accounts/mm/cancel-all-after", "{\"timeout\":500}").status());
      long btc = place(api, "BTC-USD", "mm", "BUY", 100);
      long eth = place(api, "ETH-USD", "mm", "SELL", 200);
      long other = place(api, "BTC-USD", "taker", "BUY", 99);
      // Re-armed every 100 ms for 1.2 s with a 600 ms timeout: nothing is cancelled.
      long deadline = 0;
      for (int i = 0; i < 12; i++) {
        Api.Reply r = arm(api, "mm", 600);
        assertEquals(200, r.status(), String.valueOf(r.body()));
        assertTrue(r.body().get("armed").asBoolean());
        deadline = r.body().get("deadlineMillis").asLong();
        assertEquals(600, deadline - r.body().get("currentTimeMillis").asLong());
        Thread.sleep(100);
      }
      assertTrue(rests(api, "BTC-USD", btc) && rests(api, "ETH-USD", eth));
      // Not re-armed: both books cancel the account's orders, not before the deadline (the
      // node's clock is this JVM's); the other account's order stays.
      if (deadline - System.currentTimeMillis() > 150) {
        assertTrue(rests(api, "BTC-USD", btc) && rests(api, "ETH-USD", eth), "cancelled before the deadline");
      }
      awaitGone(api, new String[] {"BTC-USD", "ETH-USD"}, new long[] {btc, eth});
      assertTrue(System.currentTimeMillis() >= deadline, "not before the deadline");
      assertTrue(rests(api, "BTC-USD", other));
      // It fired once: a later order of the account stays.
      long later = place(api, "SOL-USD", "mm", "BUY", 10);
      Thread.sleep(600);
      assertTrue(rests(api, "SOL-USD", later));
      // Disarmed (timeout 0): nothing is cancelled after the old deadline.
      assertTrue(arm(api, "mm", 300).body().get("armed").asBoolean());
      Api.Reply off = arm(api, "mm", 0);
      assertEquals(false, off.body().get("armed").asBoolean());
      assertEquals(0, off.body().get("deadlineMillis").asLong());
      Thread.sleep(700);
      assertTrue(rests(api, "SOL-USD", later));
      assertTrue(CONFIGURED.contains("SOL-USD"));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aDeadlineThatPassedWhileTheNodeWasDownFiresOnRestart(Backend backend) throws Exception {
    Config journal = backend.freshJournal(Files.createTempDirectory("guard-restart"));
    long btc;
    long eth;
    long deadline;
    try (BookshardNode node = TestNodes.start(journal, "")) {
      Api api = new Api(node.baseUrl());
      btc = place(api, "BTC-USD", "mm", "BUY", 100);
      eth = place(api, "ETH-USD", "mm", "SELL", 200);
      Api.Reply armed = arm(api, "mm", 3000);
      assertEquals(200, armed.status());
      deadline = armed.body().get("deadlineMillis").asLong();
    }
    assertTrue(System.currentTimeMillis() < deadline, "the node was down before the deadline");
    Thread.sleep(Math.max(0, deadline - System.currentTimeMillis()) + 200);
    try (BookshardNode node = TestNodes.start(journal, "")) {
      Api api = new Api(node.baseUrl());
      // Nobody talks to the switch: it is a remembered entity, recovered with the node.
      awaitGone(api, new String[] {"BTC-USD", "ETH-USD"}, new long[] {btc, eth});
    }
  }
}
