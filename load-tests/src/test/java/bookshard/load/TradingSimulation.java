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
import java.util.Iterator;
import java.util.Map;

/**
 * Traders on many books: each virtual user places an order near the touch (sometimes crossing),
 * then cancels it if it rests, reads the book, or reads the last trades.
 *
 * <p>-DbaseUrls=http://127.0.0.1:8080[,http://127.0.0.1:8081,...] (spread over a cluster),
 * -Dsymbols=BTC-USD,ETH-USD,SOL-USD, -Drate=users per second, -Dseconds=duration.
 */
public class TradingSimulation extends Simulation {
  private static final double RATE = Double.parseDouble(System.getProperty("rate", "300"));

  private static final Iterator<Map<String, Object>> ORDERS = Orders.feeder();

  private final HttpProtocolBuilder protocol = http
      .baseUrls(Orders.BASE_URLS)
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
    setUp(traders.injectOpen(constantUsersPerSec(RATE).during(Orders.SECONDS)))
        .protocols(protocol)
        .assertions(global().failedRequests().percent().lt(1.0));
  }
}
