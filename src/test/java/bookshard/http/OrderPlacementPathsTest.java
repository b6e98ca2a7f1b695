package bookshard.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.node.BookshardNode;
import bookshard.support.Backend;
import bookshard.support.RawHttp;
import bookshard.support.TestNodes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A POST of an order whose body arrives whole is answered without the routing DSL; one whose
 * body is streamed (chunked) goes through the route. Both must answer every order alike: the
 * same status, error code and field, and for an accepted order the same fields, with API keys
 * on (so the caller's account is checked too).
 */
class OrderPlacementPathsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEYS = "bookshard.auth.enabled = on\nbookshard.auth.keys = ["
      + "{sha256 = \"" + ApiKeys.sha256("key-alice") + "\", account = alice},"
      + "{sha256 = \"" + ApiKeys.sha256("key-bob") + "\", account = bob}]\n";

  private record Case(String path, String key, String body) {}

  private static final List<Case> CASES = List.of(
      new Case("/books/BTC-USD/orders", "key-alice",
          "{\"account\":\"alice\",\"side\":\"BUY\",\"priceTicks\":90,\"quantityLots\":5,\"clientOrderId\":\"c-%s\"}"),
      new Case("/books/BTC-USD/orders", "key-alice", "{\"side\":\"SELL\",\"priceTicks\":120,\"quantityLots\":1}"),
      new Case("/books/BTC-USD/orders", "key-alice", "{\"account\":\"bob\",\"side\":\"BUY\",\"priceTicks\":90,\"quantityLots\":5}"),
      new Case("/books/BTC-USD/orders", null, "{\"side\":\"BUY\",\"priceTicks\":90,\"quantityLots\":5}"),
      new Case("/books/BTC-USD/orders", "no-such-key", "{\"side\":\"BUY\",\"priceTicks\":90,\"quantityLots\":5}"),
      new Case("/books/BTC-USD/orders", "key-alice", "{\"side\":\"BUY\",\"priceTicks\":-1,\"quantityLots\":5}"),
      new Case("/books/BTC-USD/orders", "key-alice", "{\"side\":\"UP\",\"priceTicks\":90,\"quantityLots\":5}"),
      new Case("/books/BTC-USD/orders", "key-alice", "{\"side\":\"BUY\",\"priceTicks\":90,\"quantityLots\":5,\"x\":1}"),
      new Case("/books/BTC-USD/orders", "key-alice", "{\"side\":\"BUY\",\"priceTicks\":90"),
      new Case("/books/BTC-USD/orders", "key-alice", "[]"),
      new Case("/books/NO-SUCH/orders", "key-alice", "{\"side\":\"BUY\",\"priceTicks\":90,\"quantityLots\":5}"),
      new Case("/books/btc-usd/orders", "key-alice", "{\"side\":\"BUY\",\"priceTicks\":90,\"quantityLots\":5}"),
      new Case("/books/BTC%2DUSD/orders", "key-alice", "{\"side\":\"SELL\",\"priceTicks\":130,\"quantityLots\":2}"));

  @Test
  void aWholeBodyAndAStreamedOneAreAnsweredAlike() throws Exception {
    try (BookshardNode node = TestNodes.start(Backend.H2.freshJournal(Files.createTempDirectory("paths")), KEYS)) {
      for (int i = 0; i < CASES.size(); i++) {
        Case c = CASES.get(i);
        RawHttp.Response whole = RawHttp.send(node.httpPort(), request(c, String.format(c.body(), "w" + i), false));
        RawHttp.Response streamed = RawHttp.send(node.httpPort(), request(c, String.format(c.body(), "s" + i), true));
        String what = "case " + i + " " + c + ": " + whole.body() + " / " + streamed.body();
        assertEquals(whole.status(), streamed.status(), what);
        JsonNode a = JSON.readTree(whole.body());
        JsonNode b = JSON.readTree(streamed.body());
        if (whole.status() >= 400) {
          assertEquals(a.path("error"), b.path("error"), what);
          assertEquals(a.path("field"), b.path("field"), what);
        } else {
          assertEquals(201, whole.status(), what);
          assertEquals(fieldNames(a), fieldNames(b), what);
          assertEquals(a.get("status"), b.get("status"), what);
          assertEquals(a.get("symbol"), b.get("symbol"), what);
        }
        assertTrue(whole.head().contains("X-Request-Id") && streamed.head().contains("X-Request-Id"), what);
      }
      // Each path placed its accepted orders: 3 each, 6 in all, ids 1..6.
      RawHttp.Response book = RawHttp.send(node.httpPort(), ("GET /books/BTC-USD/orders HTTP/1.1\r\nHost: localhost\r\n"
          + "X-API-Key: key-alice\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      JsonNode resting = JSON.readTree(book.body());
      assertEquals(6, resting.get("bids").size() + resting.get("asks").size(), book.body());
    }
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  /** A POST with Content-Length (the whole body with the head), or chunked (a streamed entity). */
  private static byte[] request(Case c, String body, boolean chunked) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder("POST " + c.path() + " HTTP/1.1\r\nHost: localhost\r\n"
        + "Content-Type: application/json\r\nConnection: close\r\n");
    if (c.key() != null) {
      head.append("X-API-Key: ").append(c.key()).append("\r\n");
    }
    String message = chunked
        ? head + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(bytes.length) + "\r\n" + body + "\r\n0\r\n\r\n"
        : head + "Content-Length: " + bytes.length + "\r\n\r\n" + body;
    return message.getBytes(StandardCharsets.UTF_8);
  }
}
