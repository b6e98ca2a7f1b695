package bookshard.bench;

import bookshard.support.FixClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.nio.charset.StandardCharsets;
import quickfix.Message;
import quickfix.field.Account;
import quickfix.field.ClOrdID;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.TimeInForce;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;
import quickfix.fix44.OrderCancelRequest;

/**
 * Pipelined FIX order entry on one session against a running node's gateway (session CLIENT1,
 * accounts alice and bob, book BTC-USD: the default configuration with {@code BOOKSHARD_FIX=on}),
 * with the mix of the in-process {@code bench}: 10% IOC orders that cross, the rest GTC orders
 * inside the spread while under 1,000 rest, else a cancel of the oldest. An order is answered by
 * its first ExecutionReport (New or Rejected), a cancel by its Canceled report or its reject.
 *
 * <p>Every ExecutionReport is checked as it comes (CumQty is the sum of the order's LastQty;
 * CumQty + LeavesQty is its OrderQty while it lives), and at the end every order still resting
 * is compared with the book's own view over HTTP (remaining and filled lots).
 *
 * <p>The load generator shares the node's cores, so by default it is lean ({@link RawFixSession}:
 * bytes out, tags scanned in); {@code -Dfix.client=quickfixj} drives the same load through a
 * QuickFIX/J initiator instead, whose parsing and validation take a large share of the machine.
 *
 * <pre>
 *   FIX_PORT HTTP_PORT IN_FLIGHT SECONDS    peak answered orders/s after a warm-up of -Dwarmup seconds (20)
 * </pre>
 */
public final class FixLoad {
  private static final String BOOK = "BTC-USD";
  private static final int RESTING = 1000;
  private static final String[] ACCOUNTS = {"alice", "bob"};

  /** One FIX session as the load sees it: two messages out, every application message in as its fields. */
  private interface Wire extends AutoCloseable {
    void newOrder(String clOrdId, String account, boolean buy, long price, long quantity, boolean ioc) throws Exception;

    void cancel(String clOrdId, String origClOrdId, String account) throws Exception;

    /** Sends what is buffered: called when the window is full. */
    void flush() throws Exception;

    /** The next application message's fields, or null if none came in a second. */
    Map<Integer, String> next() throws Exception;
  }

  /** Bytes out, tags scanned in. */
  private static final class Raw implements Wire {
    private final RawFixSession session;
    private final StringBuilder fields = new StringBuilder(160);

    Raw(int port) throws Exception {
      session = new RawFixSession("127.0.0.1", port, "CLIENT1", "BOOKSHARD");
    }

    @Override
    public void newOrder(String clOrdId, String account, boolean buy, long price, long quantity, boolean ioc)
        throws Exception {
      fields.setLength(0);
      field(1, account);
      field(11, clOrdId);
      field(38, Long.toString(quantity));
      field(40, "2");
      field(44, Long.toString(price));
      field(54, buy ? "1" : "2");
      field(55, BOOK);
      field(59, ioc ? "3" : "1");
      field(60, session.now());
      session.send("D", fields);
    }

    @Override
    public void cancel(String clOrdId, String origClOrdId, String account) throws Exception {
      fields.setLength(0);
      field(1, account);
      field(11, clOrdId);
      field(41, origClOrdId);
      field(54, "1");
      field(55, BOOK);
      field(60, session.now());
      session.send("F", fields);
    }

    private void field(int tag, String value) {
      fields.append(tag).append('=').append(value).append('\u0001');
    }

    @Override
    public void flush() throws Exception {
      session.flush();
    }

    @Override
    public Map<Integer, String> next() throws Exception {
      while (true) {
        Map<Integer, String> m = session.next();
        String type = m.get(35);
        if (!"0".equals(type) && !"1".equals(type)) {
          return m;
        }
      }
    }

    @Override
    public void close() throws Exception {
      session.close();
    }
  }

  /** A QuickFIX/J initiator, as the tests use. */
  private static final class QuickFixJ implements Wire {
    private final FixClient fix;

    QuickFixJ(int port) throws Exception {
      fix = new FixClient(port, "CLIENT1", Files.createTempDirectory("fix-load"));
    }

    @Override
    public void newOrder(String clOrdId, String account, boolean buy, long price, long quantity, boolean ioc)
        throws Exception {
      NewOrderSingle m = new NewOrderSingle(new ClOrdID(clOrdId), new Side(buy ? Side.BUY : Side.SELL),
          new TransactTime(LocalDateTime.now()), new OrdType(OrdType.LIMIT));
      m.set(new Symbol(BOOK));
      m.set(new Price(price));
      m.set(new OrderQty(quantity));
      m.set(new TimeInForce(ioc ? TimeInForce.IMMEDIATE_OR_CANCEL : TimeInForce.GOOD_TILL_CANCEL));
      m.set(new Account(account));
      fix.send(m);
    }

    @Override
    public void cancel(String clOrdId, String origClOrdId, String account) throws Exception {
      OrderCancelRequest m = new OrderCancelRequest(new OrigClOrdID(origClOrdId), new ClOrdID(clOrdId),
          new Side(Side.BUY), new TransactTime(LocalDateTime.now()));
      m.set(new Symbol(BOOK));
      m.set(new Account(account));
      fix.send(m);
    }

    @Override
    public void flush() {}

    @Override
    public Map<Integer, String> next() throws Exception {
      Message m = fix.poll(1000);
      if (m == null) {
        return null;
      }
      byte[] bytes = m.toString().getBytes(StandardCharsets.US_ASCII);
      return RawFixSession.fields(bytes, 0, bytes.length);
    }

    @Override
    public void close() {
      fix.close();
    }
  }

  private final Wire fix;
  private final Random random = new Random(7);
  private final Map<String, Long> pending = new ConcurrentHashMap<>();
  private final Semaphore window;
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong reports = new AtomicLong();
  private final AtomicLong disagreements = new AtomicLong();
  private final LinkedHashSet<String> resting = new LinkedHashSet<>();
  /** Per live order (by OrderID): qty, cum, sum of LastQty, and its ClOrdID's account index. */
  private final Map<String, long[]> orders = new HashMap<>();
  private final Map<String, String> accountOfClOrdId = new ConcurrentHashMap<>();
  private long[] latencies;
  private final AtomicLong sampled = new AtomicLong();
  private long next;
  /** Set before the session closes, when the reader's end is expected. */
  private volatile boolean closing;

  private FixLoad(Wire fix, int inFlight) {
    this.fix = fix;
    this.window = new Semaphore(inFlight);
  }

  public static void main(String[] args) throws Exception {
    int fixPort = Integer.parseInt(args[0]);
    int httpPort = Integer.parseInt(args[1]);
    int inFlight = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    boolean quickFixJ = "quickfixj".equals(System.getProperty("fix.client", "raw"));
    try (Wire client = quickFixJ ? new QuickFixJ(fixPort) : new Raw(fixPort)) {
      FixLoad load = new FixLoad(client, inFlight);
      Thread reader = new Thread(load::read, "fix-reports");
      reader.setDaemon(true);
      reader.start();
      load.closedLoop(inFlight, Integer.getInteger("warmup", 20), false);
      double peak = load.closedLoop(inFlight, seconds, true);
      int n = (int) Math.min(load.sampled.get(), load.latencies.length);
      Arrays.sort(load.latencies, 0, n);
      Thread.sleep(1000);
      long mismatched = load.compareWithBook(httpPort);
      load.closing = true;
      System.out.printf("FIX one session (load client: %s) inFlight=%d peak %.0f orders/s (closed loop, each answered by its first"
              + " ExecutionReport; p50 %.2f ms p99 %.2f ms at the peak); %d reports checked, %d disagreed;"
              + " %d resting orders compared with the book, %d differed%n", quickFixJ ? "QuickFIX/J" : "raw", inFlight, peak,
          at(load.latencies, n, 50) / 1e6, at(load.latencies, n, 99) / 1e6, load.reports.get(),
          load.disagreements.get(), load.restingCount(), mismatched);
    }
    System.exit(0);
  }

  private synchronized int restingCount() {
    return resting.size();
  }

  private double closedLoop(int inFlight, int seconds, boolean measure) throws Exception {
    latencies = new long[measure ? 4_000_000 : 1];
    sampled.set(0);
    long before = answered.get();
    long t0 = System.nanoTime();
    long end = t0 + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      if (window.tryAcquire()) {
        send(measure);
      } else {
        fix.flush();
        if (window.tryAcquire(10, TimeUnit.MILLISECONDS)) {
          send(measure);
        }
      }
    }
    fix.flush();
    window.acquire(inFlight);
    window.release(inFlight);
    return (answered.get() - before) / ((System.nanoTime() - t0) / 1e9);
  }

  private void send(boolean measure) throws Exception {
    int dice = random.nextInt(10);
    String id = Long.toString(next++, 36) + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    String cancel = null;
    synchronized (this) {
      if (dice != 9 && resting.size() >= RESTING) {
        cancel = resting.iterator().next();
        resting.remove(cancel);
      }
    }
    pending.put(id, measure ? System.nanoTime() : 0);
    if (cancel != null) {
      fix.cancel(id, cancel, accountOfClOrdId.get(cancel));
      return;
    }
    boolean buy = random.nextBoolean();
    boolean cross = dice == 9;
    long price = cross ? (buy ? 10_003 : 9_997) : (buy ? 9_999 - random.nextInt(20) : 10_001 + random.nextInt(20));
    String account = ACCOUNTS[random.nextInt(2)];
    accountOfClOrdId.put(id, account);
    fix.newOrder(id, account, buy, price, 1 + random.nextInt(10), cross);
  }

  private void read() {
    try {
      while (true) {
        Map<Integer, String> m = fix.next();
        if (m == null) {
          continue;
        }
        String clOrdId = m.getOrDefault(ClOrdID.FIELD, "");
        if ("8".equals(m.get(35))) {
          check(m, clOrdId);
        }
        Long sent = pending.remove(clOrdId);
        if (sent != null) {
          if (sent != 0) {
            long i = sampled.getAndIncrement();
            if (i < latencies.length) {
              latencies[(int) i] = System.nanoTime() - sent;
            }
          }
          answered.incrementAndGet();
          window.release();
        }
      }
    } catch (Exception e) {
      if (!closing) {
        e.printStackTrace();
      }
    }
  }

  private synchronized void check(Map<Integer, String> er, String clOrdId) {
    reports.incrementAndGet();
    char execType = er.get(150).charAt(0);
    String orderId = er.get(37);
    long cum = quantity(er, 14);
    long leaves = quantity(er, 151);
    if (execType == '8') {
      return;
    }
    long[] o = orders.get(orderId);
    if (execType == '0') {
      o = new long[] {quantity(er, 38), 0, 0};
      orders.put(orderId, o);
      if (leaves > 0 && "1".equals(er.get(59))) {
        resting.add(clOrdId);
      }
    }
    if (o == null) {
      disagreements.incrementAndGet();
      return;
    }
    if (execType == 'F') {
      o[2] += quantity(er, 32);
    }
    o[1] = cum;
    boolean finished = leaves == 0;
    if (cum != o[2] || (!finished && cum + leaves != o[0])) {
      disagreements.incrementAndGet();
    }
    if (finished) {
      orders.remove(orderId);
      String owner = er.getOrDefault(41, clOrdId);
      resting.remove(owner);
      resting.remove(clOrdId);
    }
  }

  /** A quantity field (FIX sends them as decimals: "3" or "3.0"). */
  private static long quantity(Map<Integer, String> m, int tag) {
    return (long) Double.parseDouble(m.get(tag));
  }

  /** The book's resting orders of both accounts against what the reports said: orders that differ, or are missing. */
  private long compareWithBook(int httpPort) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    long differ = 0;
    int inBook = 0;
    synchronized (this) {
      for (String account : ACCOUNTS) {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/books/" + BOOK
            + "/orders?account=" + account)).build(), HttpResponse.BodyHandlers.ofString()).body();
        JsonNode book = json.readTree(body);
        if (!book.has("bids")) {
          throw new IllegalStateException("the book's resting orders of " + account + ": " + body);
        }
        for (String side : new String[] {"bids", "asks"}) {
          for (JsonNode o : book.get(side)) {
            inBook++;
            long[] mine = orders.get(o.get("orderId").asText());
            if (mine == null || mine[1] != o.get("filledLots").asLong()
                || mine[0] - mine[1] != o.get("remainingLots").asLong()) {
              differ++;
            }
          }
        }
      }
      differ += Math.abs(orders.size() - inBook);
    }
    return differ;
  }

  private static long at(long[] sorted, int n, double percentile) {
    return n == 0 ? 0 : sorted[(int) Math.min(n - 1, Math.ceil(percentile / 100 * n) - 1)];
  }
}
