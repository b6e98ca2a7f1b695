package bookshard.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

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
  private static final int CLIENTS = Integer.parseInt(System.getProperty("clients", "64"));

  private static final Iterator<Map<String, Object>> ORDERS = Orders.feeder();

  // No shareConnections(): each virtual user keeps its own connection, as a trading client does.
  private final HttpProtocolBuilder protocol = http
      .baseUrls(Orders.BASE_URLS)
      .contentTypeHeader("application/json")
      .acceptHeader("application/json");

  private final ScenarioBuilder clients = scenario("keep-alive clients")
      .during(Duration.ofSeconds(Orders.SECONDS)).on(
          feed(ORDERS)
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
