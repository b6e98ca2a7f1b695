package bookshard.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for the node's API, as any user would have. */
public final class Api {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  public record Reply(int status, JsonNode body) {}

  public Api(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public Reply get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
  }

  /** {@code GET /metrics}: Prometheus text. */
  public String metricsText() throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).GET().build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }

  public Reply post(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** Posts without waiting, answer or not within {@code timeout}; a failed call completes with status 0. */
  public java.util.concurrent.CompletableFuture<Reply> postAsync(String path, String json, Duration timeout) {
    return async(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  /** Sends without waiting; a failed call completes with a reply of status 0. */
  public java.util.concurrent.CompletableFuture<Reply> getAsync(String path) {
    return async(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30)).GET().build());
  }

  private java.util.concurrent.CompletableFuture<Reply> async(HttpRequest request) {
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> {
          try {
            return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
          } catch (Exception e) {
            return new Reply(0, null);
          }
        })
        .exceptionally(t -> new Reply(0, null));
  }

  public Reply delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
  }

  public Reply place(String symbol, String account, String side, long price, long qty) {
    return post("/books/" + symbol + "/orders", String.format(
        "{\"account\":\"%s\",\"side\":\"%s\",\"priceTicks\":%d,\"quantityLots\":%d}", account, side, price, qty));
  }

  private Reply send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    } catch (Exception e) {
      throw new IllegalStateException("HTTP call failed: " + e, e);
    }
  }
}
