package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.book.BookEvent;
import bookshard.book.CancelReason;
import bookshard.support.Api;
import bookshard.support.JournalRows;
import bookshard.support.Backend;
import bookshard.support.StopsAndExpiries;
import bookshard.support.TestNodes;
import com.typesafe.config.Config;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stop and GTD orders through restarts, on each journal: waiting stops and expiry times come
 * back from snapshots and replay; an order that expired while the node was down is cancelled
 * on recovery; a trigger written to the journal is replayed, never decided again.
 */
class StopAndGtdRestartTest {
  /** A snapshot every few events, so recovery reads stops and expiries from snapshots too. */
  private static final String SNAPSHOTS = "bookshard.book.snapshot-every = 3\nbookshard.book.snapshot-ratio = 0\n";

  @ParameterizedTest
  @EnumSource(Backend.class)
  void stopsWaitAndGtdOrdersExpireAcrossRestarts(Backend backend) throws Exception {
    Config journal = backend.freshJournal(Files.createTempDirectory("stops"));
    StopsAndExpiries scenario = new StopsAndExpiries("STP-USD");
    try (BookshardNode node = TestNodes.start(journal, SNAPSHOTS)) {
      scenario.arrange(new Api(node.baseUrl()), 1500);
    }
    Thread.sleep(Math.max(0, scenario.soonExpiry - System.currentTimeMillis()) + 100);
    String after;
    try (BookshardNode node = TestNodes.start(journal, SNAPSHOTS)) {
      Api api = new Api(node.baseUrl());
      scenario.check(api);
      after = api.get("/books/STP-USD/orders").body().toString() + api.get("/books/STP-USD/trades").body();
    }
    try (BookshardNode node = TestNodes.start(journal, "")) {
      Api api = new Api(node.baseUrl());
      assertEquals(after, api.get("/books/STP-USD/orders").body().toString() + api.get("/books/STP-USD/trades").body(),
          "replay decides nothing again: the same orders and trades");
      // With no command to the book, its timer expires a GTD order: the journal shows it.
      long gtd = api.post("/books/STP-USD/orders", "{\"account\":\"gtd\",\"side\":\"SELL\",\"timeInForce\":\"GTD\","
          + "\"priceTicks\":300,\"quantityLots\":1,\"expireAtMillis\":" + (System.currentTimeMillis() + 700) + "}")
          .body().get("orderId").asLong();
      long until = System.currentTimeMillis() + 10_000;
      while (JournalRows.events(journal, "STP-USD").stream().noneMatch(e -> e instanceof BookEvent.OrderCancelled c
          && c.orderId() == gtd && c.reason() == CancelReason.EXPIRED)) {
        assertTrue(System.currentTimeMillis() < until, "no expiry in the journal 10 s after the order's time");
        Thread.sleep(100);
      }
    }
  }
}
