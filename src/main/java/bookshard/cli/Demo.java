package bookshard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Talks to a running node over HTTP, as a user would, and prints what it sees. */
final class Demo {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Demo() {}

  static void run(String baseUrl, PrintStream out) throws Exception {
    run(baseUrl, out, false);
  }

  /** {@code accounts}: the node holds and settles balances, so the demo funds its traders first and shows their balances. */
  static void run(String baseUrl, PrintStream out, boolean accounts) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String orders = baseUrl + "/books/BTC-USD/orders";
    String run = Long.toString(System.currentTimeMillis(), 36);
    if (accounts) {
      out.println("\n== accounts are on: an admin funds the traders (each order holds what it could spend)");
      deposit(http, out, baseUrl, "alice", "BTC", 10, run);
      deposit(http, out, baseUrl, "carol", "BTC", 5, run);
      deposit(http, out, baseUrl, "bob", "USD", 600_120, run);
    }
    out.println("\n== alice rests a SELL of 10 lots at 50000 ticks; carol rests a SELL of 5 at 50010");
    send(http, out, post(orders, "{\"account\":\"alice\",\"side\":\"SELL\",\"priceTicks\":50000,\"quantityLots\":10}"));
    send(http, out, post(orders, "{\"account\":\"carol\",\"side\":\"SELL\",\"priceTicks\":50010,\"quantityLots\":5}"));
    out.println("\n== bob BUYs 12 lots up to 50010: best price first, each fill at the maker's price");
    JsonNode buy = send(http, out, post(orders,
        "{\"account\":\"bob\",\"side\":\"BUY\",\"priceTicks\":50010,\"quantityLots\":12}"));
    out.println(fillSummary(buy));
    out.println("\n== the book (depth 5)");
    send(http, out, HttpRequest.newBuilder(URI.create(baseUrl + "/books/BTC-USD?depth=5")).GET().build());
    out.println("\n== the last 5 trades (oldest first)");
    send(http, out, HttpRequest.newBuilder(URI.create(baseUrl + "/books/BTC-USD/trades?limit=5")).GET().build());
    out.println("\n== a bad order is refused with the field named, and changes nothing");
    send(http, out, post(orders, "{\"account\":\"bob\",\"side\":\"BUY\",\"priceTicks\":-1,\"quantityLots\":1}"));
    if (accounts) {
      out.println("\n== bob cannot buy with money he does not have");
      send(http, out, post(orders, "{\"account\":\"bob\",\"side\":\"BUY\",\"priceTicks\":50010,\"quantityLots\":100}"));
      // Balances change when the book's settlement has applied the trades: moments after the ack.
      Thread.sleep(1000);
      out.println("\n== balances after settlement: bob's BTC arrived, and what he held above what his fills cost came back");
      for (String account : new String[] {"alice", "bob", "carol"}) {
        send(http, out, HttpRequest.newBuilder(URI.create(baseUrl + "/accounts/" + account + "/balances")).GET().build());
      }
    }
  }

  private static void deposit(HttpClient http, PrintStream out, String baseUrl, String account, String asset, long amount,
      String run) throws Exception {
    send(http, out, post(baseUrl + "/accounts/" + account + "/deposits", "{\"asset\":\"" + asset + "\",\"amount\":"
        + amount + ",\"requestId\":\"demo-" + run + "-" + account + "\"}"));
  }

  /** What the order got, in words, from its own reply: earlier runs leave different books. */
  static String fillSummary(JsonNode reply) {
    JsonNode fills = reply.get("fills");
    if (fills == null || fills.isEmpty()) {
      return "-> no fill; " + reply.path("remainingLots").asLong() + " lots rest on the book";
    }
    long lots = 0;
    for (JsonNode f : fills) {
      lots += f.get("quantityLots").asLong();
    }
    long first = fills.get(0).get("matchId").asLong();
    long last = fills.get(fills.size() - 1).get("matchId").asLong();
    return "-> " + fills.size() + (fills.size() == 1 ? " fill" : " fills") + " (match id"
        + (first == last ? " " + first : "s " + first + "-" + last) + ") for " + lots + " lots; "
        + reply.path("remainingLots").asLong() + " lots rest on the book";
  }

  private static HttpRequest post(String url, String json) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private static JsonNode send(HttpClient http, PrintStream out, HttpRequest req) throws Exception {
    HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    out.println(req.method() + " " + req.uri().getPath()
        + (req.uri().getQuery() == null ? "" : "?" + req.uri().getQuery()) + " -> " + resp.statusCode());
    JsonNode body = JSON.readTree(resp.body());
    out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
    return body;
  }
}
