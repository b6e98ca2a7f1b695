package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.SseClient;
import bookshard.support.TestNodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@code /metrics} after trading: the counters say exactly what was done. */
class MetricsTest {
  private static String scrape(String baseUrl) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    return r.body();
  }

  /** The value of the one sample of {@code name} whose labels include every one of {@code labels}. */
  private static double value(String metrics, String name, String... labels) {
    double[] found = metrics.lines()
        .filter(l -> l.startsWith(name + "{") && Arrays.stream(labels).allMatch(l::contains))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .toArray();
    assertEquals(1, found.length, name + " " + Arrays.toString(labels) + " in:\n" + metrics.lines()
        .filter(l -> l.startsWith(name)).toList());
    return found[0];
  }

  @Test
  void aFreshNodeShowsTheConfiguredBooksCountersAtZero() throws Exception {
    try (BookshardNode node = TestNodes.start(Backend.H2.freshJournal(Files.createTempDirectory("metrics-fresh")), "")) {
      String m = scrape(node.baseUrl());
      String s = "symbol=\"BTC-USD\"";
      assertEquals(0, value(m, "bookshard_rejects_total", s, "reason=\"FOK_NOT_FILLABLE\""));
      assertEquals(0, value(m, "bookshard_commands_total", s, "kind=\"Place\""));
      assertEquals(0, value(m, "bookshard_trades_total", s));
      // The journal's pools, as configured: 8 connections for writes, 4 for reads; nobody waiting when idle.
      assertEquals(8, value(m, "bookshard_journal_pool_max", "pool=\"write\""));
      assertEquals(4, value(m, "bookshard_journal_pool_max", "pool=\"read\""));
      // Right after start the pool may still be opening connections while the books recover, so
      // "nobody waiting" is asked of the node once it has settled (CI once saw 2 waiting at start).
      long until = System.currentTimeMillis() + 10_000;
      while (value(m, "bookshard_journal_pool_connections", "pool=\"write\"", "state=\"waiting\"") != 0
          && System.currentTimeMillis() < until) {
        Thread.sleep(100);
        m = scrape(node.baseUrl());
      }
      assertEquals(0, value(m, "bookshard_journal_pool_connections", "pool=\"write\"", "state=\"waiting\""));
      assertTrue(value(m, "bookshard_journal_pool_connections", "pool=\"write\"", "state=\"idle\"")
          + value(m, "bookshard_journal_pool_connections", "pool=\"write\"", "state=\"active\"") >= 1,
          "the write pool has connections open");
    }
  }

  @Test
  void countersMatchWhatWasDone() throws Exception {
    try (BookshardNode node = TestNodes.start(Backend.H2.freshJournal(Files.createTempDirectory("metrics")),
        "bookshard.book.snapshot-every = 5\nbookshard.book.snapshot-ratio = 0\n")) {
      Api api = new Api(node.baseUrl());
      String s = "symbol=\"MET-1\"";
      for (int i = 0; i < 10; i++) {
        assertEquals(201, api.place("MET-1", "maker", "SELL", 100 + i, 2).status());
      }
      for (int i = 0; i < 3; i++) {
        assertEquals(201, api.place("MET-1", "taker", "BUY", 200, 3).status()); // 2 trades each
      }
      assertEquals(404, api.delete("/books/MET-1/orders/999?account=maker").status());
      assertEquals(404, api.delete("/books/MET-1/orders/998?account=maker").status());
      assertEquals(400, api.post("/books/MET-1/orders", "{}").status());
      try (SseClient trades = new SseClient(node.baseUrl() + "/books/MET-1/trades/stream?afterMatchId=0", null)) {
        for (int i = 1; i <= 6; i++) {
          assertEquals(Integer.toString(i), trades.next(Duration.ofSeconds(10)).id());
        }
        String open = scrape(node.baseUrl());
        assertEquals(1, value(open, "bookshard_feed_subscribers", "stream=\"trades\""));
        assertEquals(6, value(open, "bookshard_feed_trade_delay_seconds_count"));
      }
      long until = System.currentTimeMillis() + 10_000;
      while (!scrape(node.baseUrl()).contains("bookshard_snapshot_size_bytes_count{")) {
        assertTrue(System.currentTimeMillis() < until, "no snapshot metric");
        Thread.sleep(50);
      }
      String m = scrape(node.baseUrl());
      assertEquals(13, value(m, "bookshard_commands_total", s, "kind=\"Place\""));
      assertEquals(2, value(m, "bookshard_commands_total", s, "kind=\"Cancel\""));
      assertEquals(2, value(m, "bookshard_rejects_total", s, "reason=\"UNKNOWN_ORDER\""));
      assertEquals(6, value(m, "bookshard_trades_total", s));
      assertEquals(13, value(m, "bookshard_http_responses_total", "status=\"201\""));
      assertEquals(2, value(m, "bookshard_http_responses_total", "status=\"404\""));
      assertEquals(1, value(m, "bookshard_http_responses_total", "status=\"400\""));
      // Latency per route, by its template: 14 posts of orders (one refused), 2 deletes, whatever the symbol and id.
      assertEquals(14, value(m, "bookshard_http_requests_seconds_count", "route=\"POST /books/{symbol}/orders\""));
      assertEquals(2, value(m, "bookshard_http_requests_seconds_count", "route=\"DELETE /books/{symbol}/orders/{orderId}\""));
      assertTrue(m.contains("bookshard_http_requests_seconds_bucket{"), "a histogram, for percentiles over nodes");
      // Every write (one per batch here: one request at a time) was timed and sized.
      double writes = value(m, "bookshard_journal_write_seconds_count", s);
      assertEquals(13, writes, "one write per accepted command sent one at a time (rejects write nothing)");
      assertEquals(13, value(m, "bookshard_book_batch_commands_sum", s));
      assertEquals(0, value(m, "bookshard_book_queue_depth", s));
      assertEquals(1, value(m, "bookshard_book_recovery_seconds_count", s));
      assertTrue(value(m, "bookshard_snapshot_size_bytes_count", s) >= 1, "a snapshot was saved");
      assertEquals(1, value(m, "bookshard_cluster_members"));
      assertEquals(0, value(m, "bookshard_cluster_unreachable"));
      assertTrue(m.contains("jvm_memory_used_bytes{") && m.contains("jvm_gc_"), "JVM and GC meters");
      assertTrue(m.contains("node=\"pekko://bookshard@"), "every meter names its node");

      // The committed Grafana dashboard and alert rules ask only for metrics the node really exports.
      System.gc();
      String dashboard = Files.readString(Path.of("conf/grafana/dashboards/bookshard.json"))
          + Files.readString(Path.of("conf/prometheus-alerts.yml"));
      Set<String> wanted = new TreeSet<>();
      Matcher names = Pattern.compile("\\b((?:bookshard|jvm)_[a-z_]+)").matcher(dashboard);
      while (names.find()) {
        wanted.add(names.group(1));
      }
      assertTrue(wanted.size() > 10, wanted.toString());
      long gcUntil = System.currentTimeMillis() + 10_000;
      Set<String> missing;
      do {
        String now = scrape(node.baseUrl());
        missing = new TreeSet<>(wanted);
        missing.removeIf(n -> now.contains("\n" + n + "{") || now.contains("\n" + n + " "));
        Thread.sleep(missing.isEmpty() ? 0 : 100);
      } while (!missing.isEmpty() && System.currentTimeMillis() < gcUntil);
      assertEquals(Set.of(), missing, "metrics the dashboard uses but /metrics lacks");
    }
  }
}
