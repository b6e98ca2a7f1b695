package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.TestNodes;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Flyway migrations on each journal: applied once, recorded, and an older database baselined. */
class SchemaMigrationTest {
  private static JournalDatabase db(Config journal) {
    return NodeSettings.journal(NodeConfig.load(ConfigFactory.empty().withFallback(journal)));
  }

  private static List<String> history(Config journal) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = Backend.connect(journal); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT \"version\", \"type\", \"success\" FROM \"flyway_schema_history\""
            + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
      while (r.next()) {
        rows.add(r.getString(1) + " " + r.getString(2) + " " + r.getBoolean(3));
      }
    }
    return rows;
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aFreshDatabaseGetsEveryMigrationOnceAndANodeRunsOnIt(Backend backend) throws Exception {
    Config journal = backend.freshJournal(Files.createTempDirectory("flyway"));
    assertEquals(3, SchemaInstaller.apply(db(journal)),
        "V1 (journal), V2 (FIX session store) and V3 (its chunks) applied");
    assertEquals(0, SchemaInstaller.apply(db(journal)), "nothing left to apply");
    assertEquals(List.of("1 SQL true", "2 SQL true", "3 SQL true"), history(journal));
    try (BookshardNode node = TestNodes.start(journal, "")) {
      assertEquals(201, new Api(node.baseUrl()).place("BTC-USD", "a", "BUY", 10, 1).status());
    }
    assertEquals(List.of("1 SQL true", "2 SQL true", "3 SQL true"), history(journal), "a node start applies nothing more");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aDatabaseMadeBeforeMigrationsIsBaselinedAndKeepsItsRows(Backend backend) throws Exception {
    Config journal = backend.freshJournal(Files.createTempDirectory("flyway-old"));
    // What older bookshard versions ran at start: V1's tables, without a history table.
    String v1 = new String(SchemaMigrationTest.class.getResourceAsStream(
        "/sql/" + db(journal).kind() + "/V1__journal_and_snapshots.sql").readAllBytes());
    try (Connection c = Backend.connect(journal); Statement s = c.createStatement()) {
      for (String statement : v1.split(";\\s*\\n")) {
        String sql = statement.lines().filter(l -> !l.trim().startsWith("--")).reduce("", (a, b) -> a + b + "\n").trim();
        if (!sql.isEmpty()) {
          s.execute(sql);
        }
      }
    }
    try (BookshardNode node = TestNodes.start(journal, "")) {
      assertEquals(201, new Api(node.baseUrl()).place("BTC-USD", "a", "BUY", 10, 1).status());
    }
    // Baselined at V1 (its tables were there), then the later migrations applied.
    assertEquals(List.of("1 BASELINE true", "2 SQL true", "3 SQL true"), history(journal));
    try (BookshardNode node = TestNodes.start(journal, "")) {
      assertEquals(1, new Api(node.baseUrl()).get("/books/BTC-USD").body().get("bids").size(), "the order is still there");
    }
  }
}
