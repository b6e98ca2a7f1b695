package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.book.NewOrder;
import bookshard.book.OrderType;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import bookshard.protocol.BookReply;
import bookshard.support.JournalAudit;
import bookshard.support.JournalAudit.Ack;
import bookshard.support.LocalCluster;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client member (what {@code bookshard-client} runs) places orders on three engine nodes while
 * the node hosting S0 is killed with SIGKILL. It retries whatever goes unanswered with the same
 * clientOrderId; afterwards every acknowledged order is in the journal once, no submission was
 * placed twice, and each retry of an order the book already had was answered {@code duplicate}.
 */
class ClientFailoverTest {
  private static final int SYMBOLS = 3;
  private static final int TRADERS = 2;

  @TempDir Path dir;

  @Test
  void ordersSentToTheShardRegionsSurviveTheKillOfTheirBooksNode() throws Exception {
    try (LocalCluster cluster = new LocalCluster(dir, "bookshard.http.ask-timeout = 3s");
        ClientMember client = ClientMember.join(ConfigFactory.parseString(String.join("\n",
            "bookshard.cluster.seed-nodes = \"" + cluster.address(0) + "," + cluster.address(1) + "\"",
            "bookshard.instruments.pattern = \"S[0-9]+\"",
            "bookshard.http.ask-timeout = 3s",
            "bookshard.data-dir = \"" + dir.resolve("client").toString().replace("\\", "/") + "\"",
            "pekko.loglevel = WARNING",
            "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off")), Duration.ofSeconds(60))) {
      Map<String, Ack> acks = new ConcurrentHashMap<>();
      AtomicLong retries = new AtomicLong();
      AtomicLong duplicates = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> traders = new ArrayList<>();
      List<Throwable> failures = new ArrayList<>();
      for (int t = 0; t < TRADERS; t++) {
        int trader = t;
        Thread thread = new Thread(() -> {
          try {
            trade(client, trader, stop, acks, retries, duplicates);
          } catch (Throwable e) {
            synchronized (failures) {
              failures.add(e);
            }
          }
        });
        thread.start();
        traders.add(thread);
      }
      Thread.sleep(3000);
      int victim = cluster.hostOf("S0", 2);
      cluster.kill(victim);
      Thread.sleep(20_000);
      cluster.restart(victim, "back");
      Thread.sleep(2000);
      stop.set(true);
      for (Thread t : traders) {
        t.join(TimeUnit.MINUTES.toMillis(3));
      }
      assertEquals(List.of(), failures);

      long lost = 0;
      long duplicated = 0;
      for (int s = 0; s < SYMBOLS; s++) {
        JournalAudit.Verdict v = JournalAudit.check(cluster, (victim + 1) % 3, "S" + s, acks.values());
        lost += v.lost();
        duplicated += v.duplicated();
      }
      System.out.printf("CLIENT_FAILOVER acknowledged=%d retried=%d answered-duplicate=%d lost=%d duplicated=%d%n",
          acks.size(), retries.get(), duplicates.get(), lost, duplicated);
      assertTrue(acks.size() > 200, "the load was real: " + acks.size());
      assertTrue(retries.get() > 0, "the kill left some orders unanswered, which were sent again");
      assertEquals(0, lost, "acknowledged orders missing from the journal");
      assertEquals(0, duplicated, "submissions placed twice");
    }
  }

  /** Orders until stopped; an order not answered (timeout, overloaded) is sent again with its clientOrderId. */
  private static void trade(ClientMember client, int trader, AtomicBoolean stop, Map<String, Ack> acks,
      AtomicLong retries, AtomicLong duplicates) throws Exception {
    SplittableRandom r = new SplittableRandom(trader);
    String account = "trader" + trader;
    for (int n = 0; !stop.get(); n++) {
      String symbol = "S" + r.nextInt(SYMBOLS);
      String clientOrderId = "t" + trader + "-" + n;
      NewOrder order = new NewOrder(account, clientOrderId, r.nextBoolean() ? Side.BUY : Side.SELL, OrderType.LIMIT,
          r.nextInt(4) == 0 ? TimeInForce.IOC : TimeInForce.GTC, 95 + r.nextInt(11), 1 + r.nextInt(5));
      for (int attempt = 0; ; attempt++) {
        assertTrue(attempt < 300, "order " + clientOrderId + " never answered");
        BookReply reply;
        try {
          reply = client.books().place(symbol, order).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          reply = null;
        }
        if (reply instanceof BookReply.Accepted a) {
          if (attempt > 0 && a.duplicate()) {
            duplicates.incrementAndGet();
          }
          acks.put(symbol + "/" + clientOrderId, new Ack(symbol, account, clientOrderId, a.outcome().orderId()));
          break;
        }
        if (reply != null && !(reply instanceof BookReply.Overloaded)) {
          throw new AssertionError("unexpected answer " + reply + " to " + order);
        }
        retries.incrementAndGet();
        Thread.sleep(200);
      }
    }
  }
}
