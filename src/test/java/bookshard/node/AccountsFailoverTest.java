package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.support.AccountWorkload;
import bookshard.support.Api;
import bookshard.support.JournalAudit;
import bookshard.support.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts on, three engine JVMs and one PostgreSQL: the randomized workload runs while every
 * node is SIGKILLed in turn (first the one hosting BTC-USD) and started again, so every book,
 * every account ledger, the fee account and every settlement lose their node once mid-stream.
 * Afterwards each balance is what the journal's trades say, settled once, nothing held, and every
 * asset conserved; and, as in {@link CrashUnderLoadTest}, every acknowledged order is in the
 * journal once and no submission was placed twice.
 */
class AccountsFailoverTest {
  private static final List<String> ACCOUNTS = List.of("k1", "k2", "k3", "k4", "k5", "poor");

  @TempDir Path dir;

  @Test
  void balancesSurviveTheKillOfEveryNode() throws Exception {
    try (LocalCluster cluster = new LocalCluster(dir, AccountWorkload.CONFIG
        + "bookshard.http.ask-timeout = 3s\nbookshard.accounts.snapshot-every = 50\nbookshard.book.snapshot-every = 50\n"
        // Holds whose book did not answer in time are legitimately left to the orphan sweep:
        // sooner than the default, so the wait below covers them (~38 s after their ledger started).
        + "bookshard.accounts.abandon-holds-after = 30s\n")) {
      AccountWorkload w = new AccountWorkload(ACCOUNTS, 23);
      w.failover(() -> up(cluster));
      w.fund(cluster.api(0));
      int first = cluster.hostOf("BTC-USD", 0);
      List<Integer> order = new ArrayList<>(List.of(first, (first + 1) % 3, (first + 2) % 3));
      int round = 0;
      for (int victim : order) {
        w.run(i -> up(cluster), 150, 12);
        cluster.kill(victim);
        w.run(i -> up(cluster), 150, 12);
        cluster.restart(victim, "back" + (++round));
      }
      w.run(i -> up(cluster), 150, 12);
      assertTrue(w.accepted.get() > 300, "orders accepted: " + w.accepted);
      Api api = cluster.api(0);
      w.cancelAll(api, Duration.ofSeconds(60));
      w.awaitSettled(api, cluster.journal(), Duration.ofSeconds(90));
      long lost = 0;
      long duplicated = 0;
      for (String symbol : AccountWorkload.TERMS.keySet()) {
        JournalAudit.Verdict v = JournalAudit.check(cluster, 0, symbol, w.acks);
        lost += v.lost();
        duplicated += v.duplicated();
      }
      System.out.printf("ACCOUNTS_CRASH acknowledged=%d lost=%d duplicated=%d kills=3%n", w.acks.size(), lost, duplicated);
      assertEquals(0, lost, "acknowledged orders missing from the journal");
      assertEquals(0, duplicated, "submissions placed twice");
    }
  }

  private static Api up(LocalCluster cluster) {
    while (true) {
      int i = ThreadLocalRandom.current().nextInt(3);
      if (cluster.isUp(i)) {
        return cluster.api(i);
      }
    }
  }
}
