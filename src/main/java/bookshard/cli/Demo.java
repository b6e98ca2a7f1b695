package bookshard.cli;

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
    HttpClient http = HttpClient.newHttpClient();
    String orders = baseUrl + "/books/BTC-USD/orders";
    out.println("\n== alice rests a SELL of 10 lots at 50000 ticks; carol rests a SELL of 5 at 50010");
    send(http, out, post(orders, "{\"account\":\"alice\",\"side\":\"SELL\",\"priceTicks\":50000,\"quantityLots\":10}"));
    send(http, out, post(orders, "{\"account\":\"carol\",\"side\":\"SELL\",\"priceTicks\":50010,\"quantityLots\":5}"));
    out.println("\n== bob BUYs 12 lots up to 50010: two trades, each at the maker's price");
    send(http, out, post(orders, "{\"account\":\"bob\",\"side\":\"BUY\",\"priceTicks\":50010,\"quantityLots\":12}"));
    out.println("\n== the book (depth 5)");
    send(http, out, HttpRequest.newBuilder(URI.create(baseUrl + "/books/BTC-USD?depth=5")).GET().build());
    out.println("\n== the last trades");
    send(http, out, HttpRequest.newBuilder(URI.create(baseUrl + "/books/BTC-USD/trades?limit=5")).GET().build());
    out.println("\n== a bad order is refused with the field named, and changes nothing");
    send(http, out, post(orders, "{\"account\":\"bob\",\"side\":\"BUY\",\"priceTicks\":-1,\"quantityLots\":1}"));
  }

  private static HttpRequest post(String url, String json) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private static void send(HttpClient http, PrintStream out, HttpRequest req) throws Exception {
    HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    out.println(req.method() + " " + req.uri().getPath()
        + (req.uri().getQuery() == null ? "" : "?" + req.uri().getQuery()) + " -> " + resp.statusCode());
    out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(resp.body())));
  }
}
