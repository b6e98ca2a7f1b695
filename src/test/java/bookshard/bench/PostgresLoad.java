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

  public static void main(String[] args) throws Exception {
    try (EmbeddedPostgres pg = DurablePostgres.start()) {
      System.setProperty("bookshard.journal", "postgres");
      System.setProperty("bookshard.postgres.url", pg.getJdbcUrl("postgres", "postgres"));
      System.setProperty("bookshard.postgres.user", "postgres");
      System.setProperty("bookshard.postgres.password", "");
      LoadHarness.run(args);
    }
  }
}
