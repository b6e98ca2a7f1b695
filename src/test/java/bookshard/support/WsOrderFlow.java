package bookshard.support;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Order entry on one WebSocket connection, pipelined: up to {@code inFlight} orders sent before
 * their replies, each matched to its reply by requestId. The mix of the in-process harness
 * ({@code bench}): 10% IOC orders crossing the spread; otherwise a passive GTC order near the
 * touch while the connection's own resting orders are fewer than {@code resting}, else a cancel
 * of its oldest one (one that another connection's IOC filled meanwhile answers 404: also an
 * answer). Books {@code prefix0 .. prefix(books-1)}, an account per connection.
 */
public final class WsOrderFlow implements AutoCloseable {
  private final RawWebSocket ws;
  private final SplittableRandom random;
  private final String account;
  private final String prefix;
  private final int books;
  private final int resting;
  private final ArrayDeque<long[]> restingOrders = new ArrayDeque<>();
  /** requestId -> {sent or due nanos, book, 1 if a cancel} */
  private final ConcurrentHashMap<Long, long[]> pending = new ConcurrentHashMap<>();
  private final Object restingLock = new Object();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong unexpected = new AtomicLong();
  private volatile String lastUnexpected;
  private volatile Semaphore window = new Semaphore(0);
  private volatile Histogram latencies;
  private long nextRequestId;

  public WsOrderFlow(int port, int client, String prefix, int books, int resting) throws IOException {
    this.random = new SplittableRandom(client);
    this.account = "ws" + client;
    this.prefix = prefix;
    this.books = books;
    this.resting = resting;
    this.ws = RawWebSocket.connect(port, "/ws", null, this::onText);
  }

  public long answered() {
    return answered.get();
  }

  /** Replies that were neither an accepted order nor a cancel's 404. */
  public long unexpected() {
    return unexpected.get();
  }

  public String lastUnexpected() {
    return lastUnexpected;
  }

  private void onText(String m) {
    int at = m.indexOf("\"requestId\":\"");
    if (at < 0) {
      return; // heartbeat
    }
    long id = Long.parseLong(m.substring(at + 13, m.indexOf('"', at + 13)));
    long[] p = pending.remove(id);
    if (p == null) {
      return;
    }
    Histogram h = latencies;
    if (h != null) {
      h.recordValue(Math.max(0, System.nanoTime() - p[0]));
    }
    boolean reply = m.startsWith("{\"type\":\"reply\"");
    if (!reply && !(p[2] == 1 && m.contains("\"status\":404"))) {
      unexpected.incrementAndGet();
      lastUnexpected = m;
    }
    if (reply && p[2] == 0 && m.contains("\"status\":\"RESTING\"")) {
      int o = m.indexOf("\"orderId\":") + 10;
      long orderId = Long.parseLong(m.substring(o, m.indexOf(',', o)));
      synchronized (restingLock) {
        restingOrders.addLast(new long[] {p[1], orderId});
      }
    }
    answered.incrementAndGet();
    window.release();
  }

  private void sendOne(long stamp) throws IOException {
    long id = ++nextRequestId;
    int book;
    long[] cancel = null;
    int dice = random.nextInt(10);
    synchronized (restingLock) {
      if (dice != 9 && restingOrders.size() >= resting) {
        cancel = restingOrders.pollFirst();
      }
    }
    String message;
    if (cancel != null) {
      book = (int) cancel[0];
      message = "{\"op\":\"cancel\",\"requestId\":\"" + id + "\",\"symbol\":\"" + prefix + book + "\",\"orderId\":\""
          + cancel[1] + "\",\"account\":\"" + account + "\"}";
    } else {
      book = random.nextInt(books);
      boolean buy = random.nextBoolean();
      boolean cross = dice == 9;
      long price = cross ? (buy ? 10_003 : 9_997) : (buy ? 9_999 - random.nextInt(20) : 10_001 + random.nextInt(20));
      message = "{\"op\":\"place\",\"requestId\":\"" + id + "\",\"symbol\":\"" + prefix + book + "\",\"order\":{"
          + "\"account\":\"" + account + "\",\"side\":\"" + (buy ? "BUY" : "SELL") + "\",\"timeInForce\":\""
          + (cross ? "IOC" : "GTC") + "\",\"priceTicks\":" + price + ",\"quantityLots\":" + (1 + random.nextInt(10)) + "}}";
    }
    pending.put(id, new long[] {stamp, book, cancel != null ? 1 : 0});
    ws.send(message);
  }

  /**
   * As fast as the node answers, at most {@code inFlight} unanswered, until {@code endNanos} or
   * {@code count} sent; then waits for the answers. Returns the number answered.
   */
  public long closedLoop(int inFlight, long count, long endNanos, Histogram latencies) throws Exception {
    long before = answered.get();
    this.latencies = latencies;
    Semaphore w = new Semaphore(inFlight);
    this.window = w;
    long sent = 0;
    while (sent < count && System.nanoTime() < endNanos) {
      if (!w.tryAcquire()) {
        ws.flush();
        if (!w.tryAcquire(1, TimeUnit.SECONDS)) {
          continue;
        }
      }
      sendOne(System.nanoTime());
      sent++;
    }
    ws.flush();
    drain(w, inFlight);
    return answered.get() - before;
  }

  /**
   * {@code count} orders due at a fixed rate, whatever the answers do (up to the node's 4,096 in
   * flight per connection); latency from each one's due time, so a stall is not hidden.
   */
  public long openLoop(double perSecond, long count, Histogram latencies) throws Exception {
    long before = answered.get();
    this.latencies = latencies;
    int inFlight = 4096;
    Semaphore w = new Semaphore(inFlight);
    this.window = w;
    long interval = (long) (1e9 / perSecond);
    long start = System.nanoTime() + random.nextLong(Math.max(1, interval));
    for (long i = 0; i < count; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        ws.flush();
        LockSupport.parkNanos(wait);
      }
      w.acquire();
      sendOne(due);
    }
    ws.flush();
    drain(w, inFlight);
    return answered.get() - before;
  }

  private void drain(Semaphore w, int inFlight) throws InterruptedException {
    if (!w.tryAcquire(inFlight, 60, TimeUnit.SECONDS)) {
      throw new IllegalStateException(pending.size() + " orders unanswered after 60 s");
    }
  }

  @Override
  public void close() throws IOException {
    ws.close();
  }
}
