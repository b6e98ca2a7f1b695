package bookshard.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Trading clients as they connect in practice: a fixed number of clients (closed model), each
 * holding one keep-alive connection for the whole run and sending orders one after the other:
 * a place near the touch (one in ten crossing), and a cancel of it when it rests half of the
 * time, so the books stay about their size.
 *
 * <p>-DbaseUrls=http://127.0.0.1:8080, -Dsymbols=BTC-USD,ETH-USD,SOL-USD, -Dclients=64,
 * -Dseconds=30.
 */
public class KeepAliveSimulation extends Simulation {
  private static final List<String> BASE_URLS =
      Arrays.asList(System.getProperty("baseUrls", "http://127.0.0.1:8080").split(","));
  private static final List<String> SYMBOLS =
      Arrays.asList(System.getProperty("symbols", "BTC-USD,ETH-USD,SOL-USD").split(","));
  private static final int CLIENTS = Integer.parseInt(System.getProperty("clients", "64"));
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
        "tif", crossing ? "IOC" : "GTC",
        "price", buy ? 10_000 - offset : 10_000 + offset,
        "quantity", 1 + r.nextInt(10),
        "cancel", r.nextBoolean());
  }).iterator();

  // No shareConnections(): each virtual user keeps its own connection, as a trading client does.
  private final HttpProtocolBuilder protocol = http
      .baseUrls(BASE_URLS)
      .contentTypeHeader("application/json")
      .acceptHeader("application/json");

  private final ScenarioBuilder clients = scenario("keep-alive clients")
      .during(Duration.ofSeconds(SECONDS)).on(
          exec(session -> session).feed(ORDERS)
              .exec(http("place order").post("/books/#{symbol}/orders")
                  .body(StringBody("{\"account\":\"#{account}\",\"side\":\"#{side}\",\"timeInForce\":\"#{tif}\","
                      + "\"priceTicks\":#{price},\"quantityLots\":#{quantity}}"))
                  .check(status().is(201), jsonPath("$.orderId").saveAs("orderId"), jsonPath("$.status").saveAs("status")))
              .exec(doIf(session -> session.getBoolean("cancel") && "RESTING".equals(session.getString("status")))
                  .then(exec(http("cancel order")
                      .delete("/books/#{symbol}/orders/#{orderId}?account=#{account}")
                      .check(status().in(200, 404))))));

  {
    setUp(clients.injectOpen(atOnceUsers(CLIENTS)))
        .protocols(protocol)
        .assertions(global().failedRequests().percent().lt(1.0));
  }
}
