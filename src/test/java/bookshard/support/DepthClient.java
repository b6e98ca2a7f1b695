package bookshard.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A depth-stream consumer that keeps a local L2 book and remembers it, as text comparable with
 * {@link #restBook}, at the sequence number of every message.
 */
public final class DepthClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  public final ConcurrentSkipListMap<Long, String> history = new ConcurrentSkipListMap<>();
  private final SseClient sse;
  private final Thread thread;
  private volatile Throwable failure;

  public DepthClient(String url) throws Exception {
    sse = new SseClient(url, null);
    thread = new Thread(this::consume, "depth-client");
    thread.start();
  }

  private void consume() {
    Map<String, TreeMap<Long, String>> sides = Map.of("BUY", new TreeMap<>(), "SELL", new TreeMap<>());
    try {
      for (SseClient.Event e; (e = sse.next(Duration.ofMinutes(2))) != null; ) {
        JsonNode m = JSON.readTree(e.data());
        if (e.type().equals("snapshot")) {
          if (!history.isEmpty()) {
            throw new AssertionError("a second snapshot");
          }
          m.get("bids").forEach(l -> sides.get("BUY").put(l.get("priceTicks").asLong(), level(l)));
          m.get("asks").forEach(l -> sides.get("SELL").put(l.get("priceTicks").asLong(), level(l)));
        } else {
          if (history.isEmpty() || m.get("sequenceNr").asLong() <= history.lastKey()) {
            throw new AssertionError("update out of order: " + e.data());
          }
          for (JsonNode c : m.get("changes")) {
            TreeMap<Long, String> side = sides.get(c.get("side").asText());
            if (c.get("quantityLots").asLong() == 0) {
              side.remove(c.get("priceTicks").asLong());
            } else {
              side.put(c.get("priceTicks").asLong(), level(c));
            }
          }
        }
        history.put(m.get("sequenceNr").asLong(),
            sides.get("BUY").descendingMap().values() + " | " + sides.get("SELL").values());
      }
    } catch (Throwable t) {
      failure = t;
    }
  }

  private void check() {
    if (failure != null) {
      throw new AssertionError("depth client failed", failure);
    }
  }

  /** Waits until a message brought the local book to exactly {@code sequenceNr}. */
  public void awaitSequence(long sequenceNr, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while ((history.isEmpty() || history.lastKey() < sequenceNr) && System.nanoTime() < deadline) {
      check();
      Thread.sleep(20);
    }
    check();
    assertEquals(sequenceNr, history.isEmpty() ? -1 : history.lastKey(), "the depth stream's last sequence number");
  }

  private static String level(JsonNode l) {
    return l.get("priceTicks").asLong() + ":" + l.get("quantityLots").asLong() + "/" + l.get("orderCount").asInt();
  }

  /** A {@code GET /books/{symbol}} body in the same form as {@link #history}'s values. */
  public static String restBook(JsonNode b) {
    List<String> bids = new ArrayList<>();
    b.get("bids").forEach(l -> bids.add(level(l)));
    List<String> asks = new ArrayList<>();
    b.get("asks").forEach(l -> asks.add(level(l)));
    return bids + " | " + asks;
  }

  @Override
  public void close() throws Exception {
    sse.close();
    thread.join(5_000);
  }
}
