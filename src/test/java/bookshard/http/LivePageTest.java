package bookshard.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.node.BookshardNode;
import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.Chromium;
import bookshard.support.TestNodes;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live book page in a real headless Chromium: orders placed through its ticket must show up
 * in its trade tape and depth ladder, which it only learns about from the streams.
 */
class LivePageTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private static Path browser() {
    var found = Chromium.find();
    if (found.isEmpty()) {
      // CI installs Chromium and sets this, so there the test cannot quietly skip.
      if (System.getenv("BOOKSHARD_REQUIRE_BROWSER") != null) {
        throw new AssertionError("chromium not found on PATH");
      }
      Assumptions.abort("chromium not installed (apt-get install chromium)");
    }
    return found.get();
  }

  private static String ladderRow(String side, long price) {
    return "document.querySelector('#" + side + " tr[data-price=\"" + price + "\"]')";
  }

  /** Fills the ticket the way a user does and presses "Place order". */
  private static void ticket(Chromium page, String account, String side, long price, long qty) throws Exception {
    page.eval("(() => {"
        + "const set = (id, v) => { const e = document.getElementById(id); e.value = v;"
        + "  e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); };"
        + "set('account', '" + account + "'); set('type', 'LIMIT'); set('tif', 'GTC');"
        + "set('price', '" + price + "'); set('qty', '" + qty + "');"
        + "document.querySelector('input[name=side][value=" + side + "]').click();"
        + "document.getElementById('result').textContent = '';"
        + "document.getElementById('place').click(); })()");
    page.waitFor("document.getElementById('result').textContent !== ''", "document.body.innerText", WAIT);
  }

  @Test
  void ordersFromTheTicketTradeAndTheTapeAndLadderFollowTheStreams() throws Exception {
    Path binary = browser();
    try (BookshardNode node = TestNodes.start(Backend.H2.freshJournal(dir.resolve("db")), "");
        Chromium page = new Chromium(binary, dir.resolve("profile"))) {
      Api api = new Api(node.baseUrl());
      for (int i = 0; i < 5; i++) {
        api.place("BTC-USD", "maker", "BUY", 99 - i, 4 + 3 * i);
        api.place("BTC-USD", "maker", "SELL", 103 + i, 5 + 2 * i);
      }
      page.navigate(node.baseUrl() + "/?symbol=BTC-USD");
      page.waitFor("document.getElementById('status').textContent === 'live'", "document.body.innerText", WAIT);
      page.waitFor("document.querySelectorAll('#bids tr').length === 5 && document.querySelectorAll('#asks tr').length === 5",
          "document.getElementById('depth-panel').innerText", WAIT);

      ticket(page, "alice", "SELL", 101, 3);
      assertTrue(page.eval("document.getElementById('result').textContent").asText().contains("RESTING"),
          page.eval("document.getElementById('result').textContent").asText());
      page.waitFor(ladderRow("asks", 101) + "?.dataset.qty === '3'", "document.getElementById('asks').innerText", WAIT);

      ticket(page, "bob", "BUY", 101, 2);
      assertTrue(page.eval("document.getElementById('result').textContent").asText().contains("FILLED"));
      page.waitFor("document.querySelector('#tape tr[data-price=\"101\"][data-qty=\"2\"]')",
          "document.getElementById('tape').innerText", WAIT);
      page.waitFor(ladderRow("asks", 101) + "?.dataset.qty === '1'", "document.getElementById('asks').innerText", WAIT);
      long matchId = page.eval("Number(document.querySelector('#tape tr').dataset.match)").asLong();
      assertEquals(api.get("/books/BTC-USD").body().get("lastMatchId").asLong(), matchId);

      // Alice cancels what is left of her order from her open-orders list.
      page.eval("(() => { const a = document.getElementById('account'); a.value = 'alice';"
          + " a.dispatchEvent(new Event('change', {bubbles: true})); })()");
      page.waitFor("document.querySelector('#open-orders button[data-cancel]')",
          "document.getElementById('open-orders').innerText", WAIT);
      page.eval("document.querySelector('#open-orders button[data-cancel]').click()");
      page.waitFor("!" + ladderRow("asks", 101), "document.getElementById('asks').innerText", WAIT);
      JsonNode book = api.get("/books/BTC-USD").body();
      assertEquals(103, book.get("asks").get(0).get("priceTicks").asLong(), "the cancel reached the book");

      // A busier tape for the screenshot in the README.
      for (int i = 0; i < 6; i++) {
        api.place("BTC-USD", "taker", i % 2 == 0 ? "BUY" : "SELL", i % 2 == 0 ? 103 : 99, 1 + i % 3);
      }
      page.waitFor("document.querySelectorAll('#tape tr').length === 7", "document.getElementById('tape').innerText", WAIT);
      page.eval("document.getElementById('account').value = 'alice'");
      Path shot = Paths.get("target", "live-book.png");
      Files.write(shot, page.screenshot());
      assertTrue(Files.size(shot) > 10_000, "screenshot of " + Files.size(shot) + " bytes");
    }
  }
}
