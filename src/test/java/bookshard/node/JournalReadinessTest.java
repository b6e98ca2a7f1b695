package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.TestNodes;
import com.typesafe.config.Config;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A node that cannot reach its journal says so: {@code /ready} answers 503 and
 * {@code bookshard_journal_up} is 0 while its database refuses connections, and both come back
 * when it takes them again.
 */
class JournalReadinessTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aNodeThatLosesItsJournalIsNotReadyUntilItIsBack() throws Exception {
    Config journal = Backend.POSTGRES.freshJournal(Files.createTempDirectory("journal-ready"));
    String url = journal.getString("bookshard.postgres.url");
    String db = url.substring(url.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
    try (var node = TestNodes.start(journal, "")) {
      Api api = new Api(node.baseUrl());
      awaitReady(api, 200, "1.0");
      assertEquals(201, api.place("BTC-USD", "r", "BUY", 100, 1).status());

      admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS false",
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
      awaitReady(api, 503, "0.0");

      admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
      awaitReady(api, 200, "1.0");
      assertEquals(201, api.place("BTC-USD", "r", "BUY", 101, 1).status(), "writes again once the journal is back");
    }
  }

  private static void admin(String... statements) throws Exception {
    try (Connection c = DriverManager.getConnection(Backend.server().getJdbcUrl("postgres", "postgres"));
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** Waits until {@code /ready} answers {@code status} and the gauge shows {@code up}. */
  private static void awaitReady(Api api, int status, String up) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    int got = -1;
    String gauge = "";
    while (System.nanoTime() < deadline) {
      got = api.get("/ready").status();
      gauge = api.metricsText().lines().filter(l -> l.startsWith("bookshard_journal_up")).findFirst().orElse("");
      if (got == status && gauge.endsWith(" " + up)) {
        return;
      }
      Thread.sleep(200);
    }
    assertTrue(false, "/ready " + got + " (wanted " + status + "), " + gauge + " (wanted " + up + ")");
  }
}
