package bookshard.node;

import bookshard.protocol.AccountRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.book.BookEvent;
import bookshard.protocol.AccountReply;
import bookshard.support.AccountWorkload;
import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.JournalRows;
import bookshard.support.TestNodes;
import com.typesafe.config.Config;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A hold whose order never reached its book (as when a node dies between the two and the client
 * never retries) goes back to available once it has been open longer than
 * {@code abandon-holds-after}, through the book's journal and settlement; the hold of a resting
 * order stays however long it rests.
 */
class OrphanHoldTest {
  @ParameterizedTest
  @EnumSource(Backend.class)
  void aHoldWithNoOrderIsReleasedAndALiveOrdersHoldIsNot(Backend backend) throws Exception {
    Config journal = backend.freshJournal(Files.createTempDirectory("orphan"));
    try (BookshardNode node = TestNodes.start(journal, AccountWorkload.CONFIG
        + "bookshard.accounts.abandon-holds-after = 2s\n")) {
      Api api = new Api(node.baseUrl());
      AccountWorkload w = new AccountWorkload(java.util.List.of("o1"), 1);
      w.deposit(api, "o1", "USD", 1_000_000);
      // A resting buy of 10 lots at 100: 100 x 10 x 10 USD held.
      Api.Reply resting = api.post("/books/BTC-USD/orders",
          "{\"account\":\"o1\",\"side\":\"BUY\",\"priceTicks\":100,\"quantityLots\":10,\"clientOrderId\":\"live-1\"}");
      assertEquals(201, resting.status(), String.valueOf(resting.body()));
      // The orphan: held as the order path would, but the order never sent.
      AccountReply held = node.accounts().send("o1", new AccountRequest.Hold("BTC-USD:o1:lost-1", "USD", 5_000)).toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertTrue(held instanceof AccountReply.Balances, String.valueOf(held));
      // And an attempt's, named as pre-trade risk names them now.
      held = node.accounts().send("o1", new AccountRequest.Hold("BTC-USD:o1:lost-2@x-1", "USD", 2_000)).toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertTrue(held instanceof AccountReply.Balances, String.valueOf(held));
      assertEquals(10_000 + 5_000 + 2_000, AccountWorkload.balances(api, "o1").get("USD")[1]);

      long until = System.currentTimeMillis() + 30_000;
      while (AccountWorkload.balances(api, "o1").get("USD")[1] != 10_000) {
        assertTrue(System.currentTimeMillis() < until, "the orphan hold was not released: "
            + java.util.Arrays.toString(AccountWorkload.balances(api, "o1").get("USD")));
        Thread.sleep(200);
      }
      Map<String, long[]> after = AccountWorkload.balances(api, "o1");
      assertEquals(1_000_000 - 10_000, after.get("USD")[0]);
      // Several sweeps later the live order's hold is still there, and so is the order.
      Thread.sleep(5_000);
      assertEquals(10_000, AccountWorkload.balances(api, "o1").get("USD")[1]);
      assertEquals("RESTING", api.get("/books/BTC-USD/orders/" + resting.body().get("orderId").asLong()).body()
          .get("status").asText());
      long abandoned = JournalRows.events(journal, "BTC-USD").stream()
          .filter(e -> e instanceof BookEvent.HoldAbandoned h && h.clientOrderId().equals("lost-1")).count();
      assertTrue(abandoned >= 1, "the book wrote that it has no order lost-1");
      assertTrue(JournalRows.events(journal, "BTC-USD").stream().anyMatch(e -> e instanceof BookEvent.HoldAbandoned h
          && h.clientOrderId().equals("lost-2") && "x-1".equals(h.holdAttempt())), "the attempt's hold is abandoned by its attempt");
      assertEquals(0, JournalRows.events(journal, "BTC-USD").stream()
          .filter(e -> e instanceof BookEvent.HoldAbandoned h && h.clientOrderId().equals("live-1")).count());
    }
  }
}
