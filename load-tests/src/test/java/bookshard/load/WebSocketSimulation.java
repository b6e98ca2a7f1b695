package bookshard.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WebSocket order entry, pipelined: each of {@code connections} virtual users holds one
 * connection and, in a loop, sends {@code pipeline - 1} orders without waiting (their replies
 * come back while it goes on), then one more whose reply it awaits, matched by its requestId, and
 * cancels that order if it rests. Gatling times the awaited orders (each behind up to
 * {@code pipeline - 1} others on its connection) and the cancels; orders per second are the
 * awaited "place" requests per second times {@code pipeline}.
 *
 * <p>-DbaseUrls=http://127.0.0.1:8080, -Dsymbols=BTC-USD,ETH-USD,SOL-USD, -Dconnections=4,
 * -Dpipeline=64, -Dseconds=30.
 */
public class WebSocketSimulation extends Simulation {
  private static final int CONNECTIONS = Integer.parseInt(System.getProperty("connections", "4"));
  private static final int PIPELINE = Integer.parseInt(System.getProperty("pipeline", "64"));
  private static final Iterator<Map<String, Object>> ORDERS = Orders.feeder();
  private static final AtomicLong REQUEST_IDS = new AtomicLong();

  private final HttpProtocolBuilder protocol = http
      .baseUrls(Orders.BASE_URLS)
      .wsBaseUrls(Orders.BASE_URLS.stream().map(u -> u.replaceFirst("^http", "ws")).toList());

  private static final String PLACE = "{\"op\":\"place\",\"requestId\":\"#{requestId}\",\"symbol\":\"#{symbol}\","
      + "\"order\":{\"account\":\"#{account}\",\"side\":\"#{side}\",\"timeInForce\":\"#{tif}\","
      + "\"priceTicks\":#{price},\"quantityLots\":#{quantity}}}";

  private static ChainBuilder nextOrder() {
    return feed(ORDERS).exec(session -> session.set("requestId", Long.toString(REQUEST_IDS.incrementAndGet())));
  }

  private final ScenarioBuilder connections = scenario("WebSocket order entry")
      .exec(ws("connect").connect("/ws"))
      .during(Duration.ofSeconds(Orders.SECONDS)).on(
          repeat(PIPELINE - 1).on(nextOrder().exec(ws("pipelined place").sendText(StringBody(PLACE))))
              .exec(nextOrder())
              .exec(ws("place").sendText(StringBody(PLACE))
                  .await(Duration.ofSeconds(10)).on(ws.checkTextMessage("reply to place")
                      .matching(jsonPath("$.requestId").is(session -> session.getString("requestId")))
                      .check(jsonPath("$.type").is("reply"), jsonPath("$.body.orderId").saveAs("orderId"),
                          jsonPath("$.body.status").saveAs("status"))))
              .exec(doIf(session -> session.getBoolean("cancel") && "RESTING".equals(session.getString("status")))
                  .then(exec(session -> session.set("cancelId", "c" + REQUEST_IDS.incrementAndGet()))
                      .exec(ws("cancel").sendText(StringBody("{\"op\":\"cancel\",\"requestId\":\"#{cancelId}\","
                              + "\"symbol\":\"#{symbol}\",\"orderId\":\"#{orderId}\",\"account\":\"#{account}\"}"))
                          .await(Duration.ofSeconds(10)).on(ws.checkTextMessage("reply to cancel")
                              .matching(jsonPath("$.requestId").is(session -> session.getString("cancelId")))
                              .check(jsonPath("$.type").in("reply", "error")))))))
      .exec(ws("close").close());

  {
    setUp(connections.injectOpen(atOnceUsers(CONNECTIONS)))
        .protocols(protocol)
        .assertions(global().failedRequests().percent().lt(1.0));
  }
}
