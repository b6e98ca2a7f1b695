package bookshard.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.node.BookshardNode;
import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.RawHttp;
import bookshard.support.TestNodes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of malformed or hostile requests over a real socket: every answer is a 4xx with a
 * JSON error body and no stack trace, and the book is exactly as before.
 */
class HttpFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BOOK = "/books/BTC-USD";
  private static final List<String> BAD_NUMBERS = List.of("0", "-1", "1000000001", "1.5", "\"10\"", "null", "[]",
      "{}", "1e400", "9223372036854775808", "-9223372036854775809", "true", "0x10", "NaN", "Infinity", "-0", "1e3");
  private static final Map<String, List<String>> BAD_VALUES = Map.of(
      "priceTicks", BAD_NUMBERS,
      "quantityLots", BAD_NUMBERS,
      "side", List.of("\"buy\"", "\"\"", "1", "null", "\"BUYY\"", "[\"BUY\"]", "\"BUY\\u0000\""),
      "type", List.of("\"STOP\"", "1", "\"limit\"", "\"\""),
      "timeInForce", List.of("\"GTD\"", "\"\"", "2", "\"gtc\""),
      "account", List.of("\"\"", "1", "null", "\"a b\"", "\"" + "x".repeat(100) + "\"", "\"../etc\"", "\"\\u0000\"", "{}"),
      "clientOrderId", List.of("\"with space\"", "\"" + "c".repeat(70) + "\"", "5", "\"\\n\"", "[]"));

  @TempDir Path dir;

  private static String order(Map<String, String> fields) {
    StringBuilder sb = new StringBuilder("{");
    fields.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
    return sb.append('}').toString();
  }

  private static Map<String, String> validOrder() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("account", "\"eve\"");
    m.put("side", "\"BUY\"");
    m.put("priceTicks", "100");
    m.put("quantityLots", "1");
    return m;
  }

  /** One hostile request; every one of them is invalid by construction. */
  private static byte[] hostile(SplittableRandom r) {
    String json = "application/json";
    switch (r.nextInt(12)) {
      case 0, 1, 2: {
        Map<String, String> m = validOrder();
        List<String> fields = List.copyOf(BAD_VALUES.keySet());
        String field = fields.get(r.nextInt(fields.size()));
        List<String> values = BAD_VALUES.get(field);
        m.put(field, values.get(r.nextInt(values.size())));
        if (field.equals("clientOrderId") || field.equals("type") || field.equals("timeInForce")) {
          // still invalid: these values are all refused
        }
        return RawHttp.request("POST", BOOK + "/orders", json, order(m).getBytes(StandardCharsets.UTF_8));
      }
      case 3: {
        String valid = order(validOrder());
        String cut = valid.substring(0, 1 + r.nextInt(valid.length() - 1));
        return RawHttp.request("POST", BOOK + "/orders", json, cut.getBytes(StandardCharsets.UTF_8));
      }
      case 4: {
        byte[] junk = new byte[1 + r.nextInt(300)];
        for (int i = 0; i < junk.length; i++) {
          junk[i] = (byte) r.nextInt(256);
        }
        junk[0] = (byte) '#';
        return RawHttp.request("POST", BOOK + "/orders", json, junk);
      }
      case 5: {
        String[] bodies = {
          "{\"account\":" + "[".repeat(2000) + "]".repeat(2000) + "}",
          "{\"account\":\"eve\",\"account\":\"bob\",\"side\":\"BUY\",\"priceTicks\":1,\"quantityLots\":1}",
          "[" + order(validOrder()) + "]",
          "",
          "{\"account\":\"" + "y".repeat(20_000) + "\"}",
          order(validOrder()) + order(validOrder()),
          "{\"account\":\"eve\",\"side\":\"BUY\",\"type\":\"MARKET\",\"priceTicks\":5,\"quantityLots\":1}",
          "{\"account\":\"eve\",\"side\":\"BUY\",\"priceTicks\":100,\"quantityLots\":1,\"price\":100}",
        };
        return RawHttp.request("POST", BOOK + "/orders", json, bodies[r.nextInt(bodies.length)].getBytes(StandardCharsets.UTF_8));
      }
      case 6: {
        String[] types = {"text/plain", "application/xml", null, "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"};
        return RawHttp.request("POST", BOOK + "/orders", types[r.nextInt(types.length)],
            order(validOrder()).getBytes(StandardCharsets.UTF_8));
      }
      case 7: {
        String[] targets = {"/books/btc-usd/orders", "/books/%2e%2e/orders", "/books/..%2F..%2Fetc/orders",
          BOOK + "/orders/abc", BOOK + "/orders/0", BOOK + "/orders/99999999999999999999", "/books/NO.PE",
          BOOK + "?depth=-1", BOOK + "?depth=99999999999", BOOK + "/trades?limit=0", BOOK + "/trades?afterMatchId=-1",
          "/books/" + "A".repeat(3000), "/../../etc/passwd", "/books/%00", "/books/BTC%20USD", BOOK + "/orders/1/amend/x",
          BOOK + "/orders?limit=-3", BOOK + "/orders?account=%20"};
        return RawHttp.request("GET", targets[r.nextInt(targets.length)], null, null);
      }
      case 8: {
        String[] targets = {BOOK + "/orders/1?account=mallory", BOOK + "/orders/1", BOOK + "/orders/1?account=",
          BOOK + "/orders/2?account=mallory", BOOK + "/orders/424242?account=alice", BOOK + "/orders/-1?account=alice"};
        return RawHttp.request("DELETE", targets[r.nextInt(targets.length)], null, null);
      }
      case 9: {
        String[] bodies = {"{\"account\":\"mallory\",\"quantityLots\":1}", "{\"account\":\"alice\",\"quantityLots\":0}",
          "{\"account\":\"alice\"}", "{\"account\":\"alice\",\"quantityLots\":1,\"side\":\"SELL\"}",
          "{\"account\":\"alice\",\"priceTicks\":-4,\"quantityLots\":1}"};
        return RawHttp.request(r.nextBoolean() ? "PATCH" : "POST", BOOK + "/orders/1" + (r.nextBoolean() ? "/amend" : ""),
            json, bodies[r.nextInt(bodies.length)].getBytes(StandardCharsets.UTF_8));
      }
      case 10: {
        String[] methods = {"PUT", "OPTIONS", "TRACE", "CONNECT", "FOO"};
        return RawHttp.request(methods[r.nextInt(methods.length)], BOOK + "/orders", json,
            order(validOrder()).getBytes(StandardCharsets.UTF_8));
      }
      default: {
        String close = "Connection: close\r\n";
        String[] raw = {"GARBAGE / HTTP/1.1\r\nHost: x\r\n" + close + "\r\n", "GARBAGE\r\n\r\n", "GET\r\n\r\n",
          "A\r\n", "GET/books\r\nHost: x\r\n\r\n", "GET " + BOOK + " HTTP/1.1\r\n" + close + "\r\n",
          "GET /books\u0000/x HTTP/1.1\r\nHost: x\r\n" + close + "\r\n", "GET /books HTTP/9.9\r\nHost: x\r\n" + close + "\r\n",
          "GET " + BOOK + " HTTP/1.1\r\nHost: x\r\n" + close + "X-Big: " + "h".repeat(20_000) + "\r\n\r\n",
          "POST " + BOOK + "/orders HTTP/1.1\r\nHost: x\r\n" + close + "Content-Length: -5\r\n\r\n",
          "POST " + BOOK + "/orders HTTP/1.1\r\nHost: x\r\n" + close
              + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n\r\n"};
        return raw[r.nextInt(raw.length)].getBytes(StandardCharsets.ISO_8859_1);
      }
    }
  }

  /** Words of parsers and settings that mean nothing to a client. */
  private static final String[] INTERNALS = {"Feature", "`", "pekko", "jackson", "Jackson", "Increase", "Source:"};

  @Test
  void requestLinesWithoutSpacesAreAnsweredAtOnce() throws Exception {
    try (BookshardNode node = TestNodes.start(Backend.H2.freshJournal(dir), "")) {
      for (String line : new String[] {"GARBAGE\r\n\r\n", "GET\r\n\r\n", "A\r\n", "GET/books/BTC-USD\r\n"}) {
        RawHttp.Response resp = RawHttp.send(node.httpPort(), line.getBytes(StandardCharsets.ISO_8859_1), 3_000);
        assertEquals(400, resp.status(), line);
        assertEquals("malformed request line: expected METHOD SP request-target SP HTTP-version",
            JSON.readTree(resp.body()).get("message").asText(), line);
      }
    }
  }

  /**
   * Connections that never finish their first request cannot take the places of others: beyond
   * max-half-open-connections the oldest are closed, so max-connections (here 40) is not used
   * up and a normal request is still answered.
   */
  @Test
  void halfOpenConnectionsAreBounded() throws Exception {
    String extra = "pekko.http.server.max-connections = 40\n"
        + "bookshard.http.max-half-open-connections = 10\n"
        + "bookshard.http.request-header-timeout = 60s\n";
    try (BookshardNode node = TestNodes.start(Backend.H2.freshJournal(dir), extra)) {
      List<java.net.Socket> open = new ArrayList<>();
      try {
        int closedOnArrival = 0;
        for (int i = 0; i < 100; i++) {
          java.net.Socket s = new java.net.Socket("127.0.0.1", node.httpPort());
          open.add(s);
          try {
            s.getOutputStream().write("GET /books HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
          } catch (java.io.IOException closed) {
            // refused before the bytes went out
          }
        }
        for (java.net.Socket s : open) {
          s.setSoTimeout(300);
          try {
            if (s.getInputStream().read() < 0) {
              closedOnArrival++;
            }
          } catch (java.net.SocketTimeoutException stillWaiting) {
            // one of the 10 newest, still allowed to wait
          } catch (java.io.IOException reset) {
            closedOnArrival++;
          }
        }
        assertEquals(90, closedOnArrival, "all but the newest max-half-open-connections are closed");
        RawHttp.Response resp = RawHttp.send(node.httpPort(),
            RawHttp.request("GET", "/books", null, null), 3_000);
        assertEquals(200, resp.status(), resp.body());
      } finally {
        for (java.net.Socket s : open) {
          s.close();
        }
      }
    }
  }

  @Test
  void hostileRequestsGet4xxJsonAndChangeNothing() throws Exception {
    try (BookshardNode node = TestNodes.start(Backend.H2.freshJournal(dir), "")) {
      Api api = new Api(node.baseUrl());
      assertEquals(201, api.place("BTC-USD", "alice", "BUY", 90, 5).status());
      assertEquals(201, api.place("BTC-USD", "bob", "SELL", 110, 5).status());
      JsonNode before = api.get(BOOK + "/orders").body();
      SplittableRandom r = new SplittableRandom(20261125);
      for (int i = 0; i < 2500; i++) {
        byte[] request = hostile(r);
        String what = "request " + i + ": " + new String(request, 0, Math.min(request.length, 200), StandardCharsets.ISO_8859_1);
        RawHttp.Response resp;
        try {
          resp = RawHttp.send(node.httpPort(), request);
        } catch (Exception e) {
          throw new AssertionError(what + " -> " + e, e);
        }
        assertTrue(resp.status() >= 400 && resp.status() < 500, what + " -> " + resp.status() + " " + resp.body());
        assertTrue(resp.head().toLowerCase().contains("content-type: application/json"), what + " -> " + resp.head());
        JsonNode body = JSON.readTree(resp.body());
        assertTrue(body.hasNonNull("error"), what + " -> " + resp.body());
        assertFalse(resp.body().contains("Exception") || resp.body().contains("\tat "), what + " -> " + resp.body());
        String message = body.path("message").asText();
        for (String internal : INTERNALS) {
          assertFalse(message.contains(internal), what + " -> the message names " + internal + ": " + message);
        }
      }
      assertEquals(before, api.get(BOOK + "/orders").body(), "no hostile request changed the book");
      assertEquals(3, api.place("BTC-USD", "carol", "BUY", 95, 1).body().get("orderId").asLong(),
          "no order id was used by a refused request");
    }
  }
}
