package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.support.Backend;
import bookshard.support.ChildNode;
import bookshard.support.KeepAliveHttp;
import bookshard.support.WsOrderFlow;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * No thread per order: on a JVM that sees two CPUs (where the common ForkJoinPool has
 * parallelism 1 and every async CompletableFuture step gets a new thread), 10,000 orders over
 * the WebSocket and 10,000 over REST keep-alive connections start almost no threads in the node.
 * Counted by the node's own {@code jvm_threads_started} (ThreadMXBean.getTotalStartedThreadCount)
 * before and after each, once everything has been warmed by a first round.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoThreadPerOrderTest {
  private static final int ORDERS = 10_000;
  /** Dispatcher and pool threads a node may still start lazily under load; a thread per order is 10,000. */
  private static final long ALLOWED_NEW_THREADS = 40;
  private static final Pattern STARTED = Pattern.compile("(?m)^jvm_threads_started\\S*\\s+([0-9.E]+)");

  private ChildNode node;
  private int port;

  @BeforeAll
  void start() throws Exception {
    Path dir = Files.createTempDirectory("no-thread-per-order");
    var settings = ConfigFactory.parseString("bookshard.instruments.pattern = \"TPO-[0-9]+\"")
        .withFallback(Backend.H2.freshJournal(dir));
    node = ChildNode.start(settings, dir.resolve("node.log"),
        List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:ActiveProcessorCount=2"));
    port = Integer.parseInt(node.baseUrl().substring(node.baseUrl().lastIndexOf(':') + 1));
    webSocketOrders(500);
    restOrders(500);
  }

  @AfterAll
  void stop() throws Exception {
    node.close();
  }

  private long threadsStarted() throws Exception {
    try (KeepAliveHttp http = new KeepAliveHttp(port)) {
      String metrics = http.exchange("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
      Matcher m = STARTED.matcher(metrics);
      assertTrue(m.find(), "jvm_threads_started in /metrics");
      return (long) Double.parseDouble(m.group(1));
    }
  }

  private void webSocketOrders(int orders) throws Exception {
    try (WsOrderFlow flow = new WsOrderFlow(port, 1, "TPO-", 2, 200)) {
      long answered = flow.closedLoop(256, orders, Long.MAX_VALUE, null);
      assertEquals(orders, answered, "every order answered");
      assertEquals(0, flow.unexpected(), "every order accepted or its cancel 404: " + flow.lastUnexpected());
    }
  }

  private void restOrders(int orders) throws Exception {
    AtomicLong accepted = new AtomicLong();
    List<Thread> clients = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      int client = c;
      Thread t = new Thread(() -> {
        try (KeepAliveHttp http = new KeepAliveHttp(port)) {
          for (int i = 0; i < orders / 4; i++) {
            boolean buy = (i + client) % 2 == 0;
            String body = "{\"account\":\"rest" + client + "\",\"side\":\"" + (buy ? "BUY" : "SELL")
                + "\",\"priceTicks\":" + (buy ? 9_990 - i % 5 : 10_010 + i % 5) + ",\"quantityLots\":1}";
            String response = http.exchange(KeepAliveHttp.post("/books/TPO-" + (i % 2) + "/orders", body));
            if (KeepAliveHttp.status(response) == 201 && response.contains("\"status\":\"RESTING\"")) {
              accepted.incrementAndGet();
            }
          }
        } catch (Exception e) {
          synchronized (failures) {
            failures.add(e);
          }
        }
      });
      t.start();
      clients.add(t);
    }
    for (Thread t : clients) {
      t.join();
    }
    assertEquals(List.of(), failures);
    assertEquals(orders, accepted.get(), "every REST order rested (201)");
  }

  private interface Orders {
    void send(int orders) throws Exception;
  }

  private void assertFewThreadsStarted(String path, Orders orders) throws Exception {
    long before = threadsStarted();
    orders.send(ORDERS);
    long started = threadsStarted() - before;
    assertTrue(started <= ALLOWED_NEW_THREADS, started + " threads started for " + ORDERS + " " + path + " orders");
  }

  @Test
  void webSocketOrderEntryStartsNoThreadPerOrder() throws Exception {
    assertFewThreadsStarted("WebSocket", this::webSocketOrders);
  }

  @Test
  void restOrderEntryStartsNoThreadPerOrder() throws Exception {
    assertFewThreadsStarted("REST", this::restOrders);
  }
}
