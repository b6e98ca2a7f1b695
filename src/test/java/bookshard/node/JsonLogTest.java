package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.ChildNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BOOKSHARD_LOG_FORMAT=json: every line a JSON object naming its node; a book's lines name the book. */
class JsonLogTest {
  @TempDir Path dir;

  @Test
  void everyLineIsJsonWithTheNodeAndBookLinesNameTheBook() throws Exception {
    Config settings = ConfigFactory.parseString("BOOKSHARD_LOG_FORMAT = json")
        .withFallback(Backend.H2.freshJournal(dir));
    Path log = dir.resolve("node.log");
    try (ChildNode node = ChildNode.start(settings, log)) {
      assertEquals(201, new Api(node.baseUrl()).place("BTC-USD", "a", "BUY", 10, 1).status());
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(node.baseUrl() + "/books/BTC-USD")).header("X-Request-Id", "req-42").build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals("req-42", r.headers().firstValue("X-Request-Id").orElse(""), "the request id comes back");
      HttpResponse<String> generated = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(node.baseUrl() + "/books")).build(), HttpResponse.BodyHandlers.ofString());
      assertTrue(generated.headers().firstValue("X-Request-Id").orElse("").length() > 0, "one is made when none is sent");
      node.terminate();
    }
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      JsonNode n;
      try {
        n = json.readTree(line);
      } catch (java.io.IOException e) {
        throw new AssertionError("not JSON: " + line, e);
      }
      assertTrue(n.isObject() && n.has("@timestamp") && n.has("level") && n.has("message"), line);
      assertTrue(n.path("node").asText().contains(":"), "names its node: " + line);
      lines.add(n);
    }
    assertTrue(lines.stream().anyMatch(n -> n.path("message").asText().contains("bookshard listening on")));
    assertTrue(lines.stream().anyMatch(n -> "BTC-USD".equals(n.path("book").asText())
        && n.path("message").asText().contains("recovered")), "a book's line names the book: "
        + lines.stream().filter(n -> n.path("message").asText().contains("recovered")).toList());
  }
}
