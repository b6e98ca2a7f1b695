package bookshard.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Traders on many books: each virtual user places an order near the touch (sometimes crossing),
 * then cancels it if it rests, reads the book, or reads the last trades.
 *
 * <p>-DbaseUrls=http://127.0.0.1:8080[,http://127.0.0.1:8081,...] (spread over a cluster),
 * -Dsymbols=BTC-USD,ETH-USD,SOL-USD, -Drate=users per second, -Dseconds=duration.
 */
public class TradingSimulation extends Simulation {
  private static final List<String> BASE_URLS =
      Arrays.asList(System.getProperty("baseUrls", "http://127.0.0.1:8080").split(","));
  private static final List<String> SYMBOLS =
      Arrays.asList(System.getProperty("symbols", "BTC-USD,ETH-USD,SOL-USD").split(","));
  private static final double RATE = Double.parseDouble(System.getProperty("rate", "300"));
  private static final int SECONDS = Integer.parseInt(System.getProperty("seconds", "30"));

  private static final Iterator<Map<String, Object>> ORDERS = Stream.generate((Supplier<Map<String, Object>>) () -> {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    boolean buy = r.nextBoolean();
    boolean crossing = r.nextInt(10) == 0;
    long offset = crossing ? -2 : 1 + r.nextInt(20);
    return Map.of(
        "symbol", SYMBOLS.get(r.nextInt(SYMBOLS.size())),
        "account", "trader" + r.nextInt(500),
        "side", buy ? "BUY" : "SELL",
        "price", buy ? 10_000 - offset : 10_000 + offset,
        "quantity", 1 + r.nextInt(10));
  }).iterator();

  private final HttpProtocolBuilder protocol = http
      .baseUrls(BASE_URLS)
      .contentTypeHeader("application/json")
      .acceptHeader("application/json")
      .shareConnections();

  private final ScenarioBuilder traders = scenario("traders")
      .feed(ORDERS)
      .exec(http("place order").post("/books/#{symbol}/orders")
          .body(StringBody("{\"account\":\"#{account}\",\"side\":\"#{side}\",\"priceTicks\":#{price},\"quantityLots\":#{quantity}}"))
          .check(status().is(201), jsonPath("$.orderId").saveAs("orderId"), jsonPath("$.status").saveAs("status")))
      .exec(randomSwitch().on(
          new Choice.WithWeight(50.0, io.gatling.javaapi.core.CoreDsl.doIf(session -> !"FILLED".equals(session.getString("status"))
                  && !"CANCELLED".equals(session.getString("status")))
              .then(io.gatling.javaapi.core.CoreDsl.exec(http("cancel order")
                  .delete("/books/#{symbol}/orders/#{orderId}?account=#{account}")
                  .check(status().in(200, 404))))),
          new Choice.WithWeight(30.0, io.gatling.javaapi.core.CoreDsl.exec(http("read book").get("/books/#{symbol}?depth=10")
              .check(status().is(200)))),
          new Choice.WithWeight(20.0, io.gatling.javaapi.core.CoreDsl.exec(http("read trades").get("/books/#{symbol}/trades?limit=20")
              .check(status().is(200))))));

  {
    setUp(traders.injectOpen(constantUsersPerSec(RATE).during(SECONDS)))
        .protocols(protocol)
        .assertions(global().failedRequests().percent().lt(1.0));
  }
}
