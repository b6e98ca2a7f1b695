package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.support.JournalAudit.Ack;
import bookshard.support.JournalAudit;
import bookshard.support.LocalCluster;
import bookshard.support.Traders;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steady trading on three nodes while two nodes are killed with SIGKILL, one after the other.
 * Clients retry anything unanswered on another node with the same clientOrderId. Afterwards the
 * journal is the judge: every acknowledged order is in it exactly once, no submission was
 * placed twice, match ids per book are 1..N, and a book rebuilt from the journal equals the live one.
 */
class CrashUnderLoadTest {
  private static final int SYMBOLS = 6;
  private static final int CLIENTS = 4;

  @TempDir Path dir;

  @Test
  void nothingAcknowledgedIsLostAndNothingIsDuplicated() throws Exception {
    try (LocalCluster cluster = new LocalCluster(dir, "bookshard.book.snapshot-every = 100\nbookshard.book.snapshot-ratio = 0\nbookshard.http.ask-timeout = 3s")) {
      Map<String, Ack> acks = new ConcurrentHashMap<>();
      AtomicLong sent = new AtomicLong();
      AtomicLong retries = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      List<java.util.concurrent.Future<?>> running = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        running.add(clients.submit(() -> Traders.trade(cluster, client, SYMBOLS, cluster::isUp, stop, acks, sent, retries)));
      }
      Thread.sleep(3000);
      int first = cluster.hostOf("S0", 2);
      cluster.kill(first);
      Thread.sleep(20_000);
      cluster.restart(first, "back1");
      int second = cluster.hostOf("S1", first);
      cluster.kill(second);
      Thread.sleep(20_000);
      cluster.restart(second, "back2");
      Thread.sleep(2000);
      stop.set(true);
      for (var f : running) {
        f.get(3, TimeUnit.MINUTES);
      }
      clients.shutdown();

      long duplicated = 0;
      long lost = 0;
      for (int s = 0; s < SYMBOLS; s++) {
        JournalAudit.Verdict v = JournalAudit.check(cluster, 0, "S" + s, acks.values());
        lost += v.lost();
        duplicated += v.duplicated();
      }
      System.out.printf("CRASH_UNDER_LOAD sent=%d acknowledged=%d retried=%d lost=%d duplicated=%d kills=2%n",
          sent.get(), acks.size(), retries.get(), lost, duplicated);
      assertTrue(acks.size() > 200, "the load was real: " + acks.size());
      assertEquals(0, lost, "acknowledged orders missing from the journal");
      assertEquals(0, duplicated, "submissions placed twice");
    }
  }
}
