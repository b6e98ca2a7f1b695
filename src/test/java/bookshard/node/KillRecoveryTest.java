package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.ChildNode;
import bookshard.support.Workload;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** kill -9 a node right after its last acknowledgement; the restarted node must have it all. */
class KillRecoveryTest {
  private static final String SYMBOL = "SOL-USD";

  @TempDir Path dir;

  /** The node address differs from run to run; everything else must not. */
  static JsonNode withoutHost(JsonNode book) {
    ((ObjectNode) book).remove("hostedBy");
    return book;
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void everythingAcknowledgedSurvivesKillMinus9(Backend backend) throws Exception {
    Config settings = backend.freshJournal(dir.resolve("data"))
        .withFallback(ConfigFactory.parseString("bookshard.book.snapshot-every = 40\nbookshard.book.snapshot-ratio = 0"));
    JsonNode orders;
    JsonNode book;
    long lastMatchId;
    try (ChildNode node = ChildNode.start(settings, dir.resolve("node1.log"))) {
      Api api = new Api(node.baseUrl());
      int trades = Workload.run(api, SYMBOL, 3, 250);
      orders = api.get("/books/" + SYMBOL + "/orders").body();
      book = withoutHost(api.get("/books/" + SYMBOL + "?depth=1000").body());
      lastMatchId = book.get("lastMatchId").asLong();
      assertEquals(trades, lastMatchId);
      assertTrue(orders.get("bids").size() + orders.get("asks").size() > 5, "orders rest: " + orders);
      node.kill();
    }
    try (ChildNode node = ChildNode.start(settings, dir.resolve("node2.log"))) {
      Api api = new Api(node.baseUrl());
      assertEquals(orders, api.get("/books/" + SYMBOL + "/orders").body(), "open orders, in queue order");
      assertEquals(book, withoutHost(api.get("/books/" + SYMBOL + "?depth=1000").body()), "aggregated levels");
      JsonNode bestAsk = orders.get("asks").get(0);
      var taker = api.place(SYMBOL, "zoe", "BUY", bestAsk.get("priceTicks").asLong(), 1);
      assertEquals(201, taker.status(), taker.toString());
      JsonNode fill = taker.body().get("fills").get(0);
      assertEquals(lastMatchId + 1, fill.get("matchId").asLong(), "match ids go on without a gap");
      assertEquals(bestAsk.get("orderId"), fill.get("makerOrderId"), "the oldest order at the best ask is first");
    }
  }
}
