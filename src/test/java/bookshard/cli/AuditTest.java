package bookshard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.node.JournalDatabase;
import bookshard.node.NodeConfig;
import bookshard.node.NodeSettings;
import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.TestNodes;
import bookshard.support.Workload;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit tool rebuilds books from the journal alone; the rebuild must equal the live book. */
class AuditTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static List<String> ids(JsonNode orders) {
    List<String> out = new ArrayList<>();
    orders.forEach(o -> out.add(o.get("orderId").asLong() + "@" + o.get("priceTicks").asLong() + "x"
        + o.get("remainingLots").asLong() + "/" + o.get("account").asText()));
    return out;
  }

  @Test
  void rebuiltBookEqualsTheLiveBookAndStopsAtAMatchId() throws Exception {
    Config journal = Backend.H2.freshJournal(dir);
    try (var node = TestNodes.start(journal, "")) {
      Api api = new Api(node.baseUrl());
      int trades = Workload.run(api, "ETH-USD", 21, 200);
      assertTrue(trades > 10, "trades: " + trades);
      JsonNode live = api.get("/books/ETH-USD/orders").body();
      JournalDatabase config = NodeSettings.journal(NodeConfig.load(journal));

      JsonNode rebuilt = Audit.rebuild(config, "ETH-USD", Long.MAX_VALUE, Long.MAX_VALUE);
      assertEquals(ids(live.get("bids")), ids(rebuilt.get("bids")));
      assertEquals(ids(live.get("asks")), ids(rebuilt.get("asks")));
      assertEquals(trades, rebuilt.get("lastMatchId").asLong());

      JsonNode atFive = Audit.rebuild(config, "ETH-USD", Long.MAX_VALUE, 5);
      assertEquals(5, atFive.get("lastMatchId").asLong());

      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      Audit.printEvents(config, "ETH-USD", new PrintStream(bytes, true, StandardCharsets.UTF_8));
      String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
      long tradeLines = 0;
      for (int i = 0; i < lines.length; i++) {
        JsonNode line = JSON.readTree(lines[i]);
        assertEquals(i + 1, line.get("sequenceNr").asLong(), "every event, in order");
        if (line.get("type").asText().equals("TradeExecuted")) {
          assertEquals(++tradeLines, line.get("event").get("matchId").asLong());
        }
      }
      assertEquals(trades, tradeLines);

      Workload.run(api, "BTC-USD", 22, 20);
      assertEquals(List.of("BTC-USD", "ETH-USD"), Audit.symbols(config));
    }
  }
}
