package bookshard.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.node.BookshardNode;
import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.TestNodes;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live book page in a real headless Chromium, driven with Selenium through Debian's
 * chromedriver: orders placed through its ticket must show up in its trade tape and depth
 * ladder, which it only learns about from the streams.
 */
class LivePageTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

  @TempDir Path dir;

  /** Debian's Chromium and its driver; never a download (Selenium Manager is not asked). */
  private static ChromeDriver browser(Path profile) {
    if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
      // CI installs both and sets this, so there the test cannot quietly skip.
      if (System.getenv("BOOKSHARD_REQUIRE_BROWSER") != null) {
        throw new AssertionError("chromium or chromedriver missing (apt-get install chromium chromium-driver)");
      }
      Assumptions.abort("chromium and chromium-driver not installed (apt-get install chromium chromium-driver)");
    }
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
        "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1360,860",
        "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
        .usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  private static Object eval(ChromeDriver page, String js) {
    return ((JavascriptExecutor) page).executeScript("return " + js);
  }

  /** Waits until {@code condition} (JavaScript) holds; on timeout, says what {@code context} showed. */
  private static void waitFor(ChromeDriver page, String condition, String context) {
    try {
      new WebDriverWait(page, WAIT).until(d -> {
        Object v = eval(page, "!!(" + condition + ")");
        return Boolean.TRUE.equals(v) ? Boolean.TRUE : null;
      });
    } catch (TimeoutException e) {
      throw new AssertionError("not within " + WAIT + ": " + condition + "\n" + eval(page, context), e);
    }
  }

  private static String ladderRow(String side, long price) {
    return "document.querySelector('#" + side + " tr[data-price=\"" + price + "\"]')";
  }

  /** Fills the ticket the way a user does and presses "Place order". */
  private static void ticket(ChromeDriver page, String account, String side, long price, long qty) {
    eval(page, "(() => {"
        + "const set = (id, v) => { const e = document.getElementById(id); e.value = v;"
        + "  e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); };"
        + "set('account', '" + account + "'); set('type', 'LIMIT'); set('tif', 'GTC');"
        + "set('price', '" + price + "'); set('qty', '" + qty + "');"
        + "document.querySelector('input[name=side][value=" + side + "]').click();"
        + "document.getElementById('result').textContent = '';"
        + "document.getElementById('place').click(); })()");
    waitFor(page, "document.getElementById('result').textContent !== ''", "document.body.innerText");
  }

  @Test
  void ordersFromTheTicketTradeAndTheTapeAndLadderFollowTheStreams() throws Exception {
    ChromeDriver page = browser(dir.resolve("profile"));
    try (BookshardNode node = TestNodes.start(Backend.H2.freshJournal(dir.resolve("db")), "")) {
      Api api = new Api(node.baseUrl());
      for (int i = 0; i < 5; i++) {
        api.place("BTC-USD", "maker", "BUY", 99 - i, 4 + 3 * i);
        api.place("BTC-USD", "maker", "SELL", 103 + i, 5 + 2 * i);
      }
      page.get(node.baseUrl() + "/?symbol=BTC-USD");
      waitFor(page, "document.getElementById('status').textContent === 'live'", "document.body.innerText");
      waitFor(page, "document.querySelectorAll('#bids tr').length === 5 && document.querySelectorAll('#asks tr').length === 5",
          "document.getElementById('depth-panel').innerText");

      ticket(page, "alice", "SELL", 101, 3);
      assertTrue(String.valueOf(eval(page, "document.getElementById('result').textContent")).contains("RESTING"),
          String.valueOf(eval(page, "document.getElementById('result').textContent")));
      waitFor(page, ladderRow("asks", 101) + "?.dataset.qty === '3'", "document.getElementById('asks').innerText");

      ticket(page, "bob", "BUY", 101, 2);
      assertTrue(String.valueOf(eval(page, "document.getElementById('result').textContent")).contains("FILLED"));
      waitFor(page, "document.querySelector('#tape tr[data-price=\"101\"][data-qty=\"2\"]')",
          "document.getElementById('tape').innerText");
      waitFor(page, ladderRow("asks", 101) + "?.dataset.qty === '1'", "document.getElementById('asks').innerText");
      long matchId = ((Number) eval(page, "Number(document.querySelector('#tape tr').dataset.match)")).longValue();
      assertEquals(api.get("/books/BTC-USD").body().get("lastMatchId").asLong(), matchId);

      // Alice cancels what is left of her order from her open-orders list.
      eval(page, "(() => { const a = document.getElementById('account'); a.value = 'alice';"
          + " a.dispatchEvent(new Event('change', {bubbles: true})); })()");
      waitFor(page, "document.querySelector('#open-orders button[data-cancel]')",
          "document.getElementById('open-orders').innerText");
      eval(page, "document.querySelector('#open-orders button[data-cancel]').click()");
      waitFor(page, "!" + ladderRow("asks", 101), "document.getElementById('asks').innerText");
      JsonNode book = api.get("/books/BTC-USD").body();
      assertEquals(103, book.get("asks").get(0).get("priceTicks").asLong(), "the cancel reached the book");

      // A busier tape for the screenshot in the README.
      for (int i = 0; i < 6; i++) {
        api.place("BTC-USD", "taker", i % 2 == 0 ? "BUY" : "SELL", i % 2 == 0 ? 103 : 99, 1 + i % 3);
      }
      waitFor(page, "document.querySelectorAll('#tape tr').length === 7", "document.getElementById('tape').innerText");
      eval(page, "document.getElementById('account').value = 'alice'");
      Path shot = Paths.get("target", "live-book.png");
      Files.write(shot, ((TakesScreenshot) page).getScreenshotAs(OutputType.BYTES));
      assertTrue(Files.size(shot) > 10_000, "screenshot of " + Files.size(shot) + " bytes");
    } finally {
      page.quit();
    }
  }
}
