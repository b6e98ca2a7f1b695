package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.TestNodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The default journal (embedded H2) is durable: every acknowledged write was forced to disk
 * first. Orders sent one at a time are each their own batch, so each acknowledgement needs a
 * force of its own: the count of forces grows by at least the count of acknowledgements. With
 * {@code bookshard.h2.force-writes = off} (named for what it gives up) there are none.
 */
class DurableDefaultTest {
  @Test
  void everyAcknowledgedOrderWasForcedToDiskFirst() throws Exception {
    try (BookshardNode node = TestNodes.start(Backend.H2.freshJournal(Files.createTempDirectory("durable")), "")) {
      Api api = new Api(node.baseUrl());
      double before = forces(node.baseUrl());
      int acknowledged = 0;
      for (int i = 0; i < 30; i++) {
        Api.Reply r = api.place("BTC-USD", "d" + (i % 3), i % 2 == 0 ? "BUY" : "SELL", 100, 1);
        assertEquals(201, r.status(), String.valueOf(r.body()));
        acknowledged++;
      }
      double forced = forces(node.baseUrl()) - before;
      assertTrue(forced >= acknowledged, forced + " forces for " + acknowledged + " acknowledged batches");
    }
  }

  @Test
  void everyAcknowledgedArmOfTheDeadMansSwitchWasForcedToDiskFirst() throws Exception {
    try (BookshardNode node = TestNodes.start(Backend.H2.freshJournal(Files.createTempDirectory("durable-guard")), "")) {
      Api api = new Api(node.baseUrl());
      double before = forces(node.baseUrl());
      for (int i = 0; i < 10; i++) {
        Api.Reply r = api.post("/accounts/g/cancel-all-after", "{\"timeoutMillis\": 60000}");
        assertEquals(200, r.status(), String.valueOf(r.body()));
      }
      double forced = forces(node.baseUrl()) - before;
      assertTrue(forced >= 10, forced + " forces for 10 acknowledged arms");
    }
  }

  @Test
  void forcingCanBeTurnedOffAndThenNothingIsForced() throws Exception {
    try (BookshardNode node = TestNodes.start(Backend.H2.freshJournal(Files.createTempDirectory("not-durable")),
        "bookshard.h2.force-writes = off\n")) {
      assertEquals(201, new Api(node.baseUrl()).place("BTC-USD", "d", "BUY", 100, 1).status());
      assertFalse(scrape(node.baseUrl()).contains("bookshard_journal_forces_total{"));
    }
  }

  private static double forces(String baseUrl) throws Exception {
    return scrape(baseUrl).lines().filter(l -> l.startsWith("bookshard_journal_forces_total{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
        .orElseThrow(() -> new AssertionError("no bookshard_journal_forces_total"));
  }

  private static String scrape(String baseUrl) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
