package bookshard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.support.Backend;
import bookshard.support.TestNodes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo tells the truth on every run, not only on an empty book. */
class DemoTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void everyRunDescribesTheFillsItGotAndShowsTheLatestTrades() throws Exception {
    try (var node = TestNodes.start(Backend.H2.freshJournal(dir), "")) {
      String third = "";
      for (int run = 1; run <= 3; run++) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Demo.run(node.baseUrl(), new PrintStream(out, true, StandardCharsets.UTF_8));
        third = out.toString(StandardCharsets.UTF_8);
      }
      // Run 3 meets carol's leftovers of runs 1 and 2 at 50010 as well: match ids 5, 6 and 7.
      assertTrue(third.contains("-> 3 fills (match ids 5-7) for 12 lots; 0 lots rest on the book"), third);
      String trades = third.substring(third.indexOf("GET /books/BTC-USD/trades?limit=5"));
      JsonNode body = JSON.readTree(trades.substring(trades.indexOf('{'), trades.indexOf("\n}") + 2));
      List<Long> ids = new ArrayList<>();
      body.get("trades").forEach(t -> ids.add(t.get("matchId").asLong()));
      assertEquals(List.of(3L, 4L, 5L, 6L, 7L), ids, "the last five trades, not the first");
    }
  }

  @Test
  void withAccountsOnTheDemoFundsItsTradersAndShowsTheSettledBalances() throws Exception {
    try (var node = TestNodes.start(Backend.H2.freshJournal(dir), "bookshard.accounts.enabled = on\n")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Demo.run(node.baseUrl(), new PrintStream(out, true, StandardCharsets.UTF_8), true);
      String text = out.toString(StandardCharsets.UTF_8);
      assertTrue(text.contains("\"error\" : \"INSUFFICIENT_FUNDS\""), text);
      String bob = text.substring(text.indexOf("GET /accounts/bob/balances -> 200"));
      JsonNode balances = JSON.readTree(bob.substring(bob.indexOf('{'), bob.indexOf("\n}") + 2)).get("balances");
      // 10 lots at 50000 and 2 at 50010 cost 600,020 of the 600,120 held; 12 BTC arrived.
      assertEquals("[{\"asset\":\"BTC\",\"available\":12,\"held\":0},{\"asset\":\"USD\",\"available\":100,\"held\":0}]",
          balances.toString());
    }
  }

  @Test
  void aFillSummaryCountsWhatTheReplySays() throws Exception {
    JsonNode reply = JSON.readTree("{\"remainingLots\":2,\"fills\":[{\"matchId\":9,\"quantityLots\":1}]}");
    assertEquals("-> 1 fill (match id 9) for 1 lots; 2 lots rest on the book", Demo.fillSummary(reply));
  }
}
