package bookshard.bench;

import bookshard.cli.LoadHarness;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The load harness against a real PostgreSQL started here from Maven Central binaries, so the
 * PostgreSQL figures can be reproduced with no server installed:
 * {@code mvn -B -q -Pbench test-compile exec:exec -Dbench.main=bookshard.bench.PostgresLoad -Dbench="100 300000 4000"}.
 */
public final class PostgresLoad {
  private PostgresLoad() {}

  /**
   * What the run cost PostgreSQL: its commits are what a durable journal pays for (each forces
   * the log), its rows per kind of entity what each writer added.
   */
  private static void printJournalWork(EmbeddedPostgres pg) throws java.sql.SQLException {
    try (var c = pg.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
      try (var rs = st.executeQuery("select xact_commit from pg_stat_database where datname = current_database()")) {
        rs.next();
        System.out.println("journal: " + rs.getLong(1) + " commits");
      }
      try (var rs = st.executeQuery("select split_part(persistence_id, '|', 1), count(*), sum(length(event_payload))"
          + " from event_journal where persistence_id not like '/%' group by 1 order by 1")) {
        while (rs.next()) {
          System.out.println("journal: " + rs.getString(1) + " " + rs.getLong(2) + " rows, " + rs.getLong(3) + " bytes");
        }
      }
    }
  }

  public static void main(String[] args) throws Exception {
    try (EmbeddedPostgres pg = DurablePostgres.start()) {
      System.setProperty("bookshard.journal", "postgres");
      System.setProperty("bookshard.postgres.url", pg.getJdbcUrl("postgres", "postgres"));
      System.setProperty("bookshard.postgres.user", "postgres");
      System.setProperty("bookshard.postgres.password", "");
      LoadHarness.run(args);
      printJournalWork(pg);
    }
  }
}
