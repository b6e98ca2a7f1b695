package bookshard.bench;

import bookshard.cli.SnapshotBench;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** {@link SnapshotBench} against a real PostgreSQL started here from Maven Central binaries. */
public final class PostgresSnapshotBench {
  private PostgresSnapshotBench() {}

  public static void main(String[] args) throws Exception {
    try (EmbeddedPostgres pg = DurablePostgres.start()) {
      System.setProperty("bookshard.journal", "postgres");
      System.setProperty("bookshard.postgres.url", pg.getJdbcUrl("postgres", "postgres"));
      System.setProperty("bookshard.postgres.user", "postgres");
      System.setProperty("bookshard.postgres.password", "");
      SnapshotBench.run(args);
    }
    System.exit(0);
  }
}
