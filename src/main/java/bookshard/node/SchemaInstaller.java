package bookshard.node;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the journal's database to the newest schema with Flyway: the versioned migrations in
 * sql/{h2,postgres}/ and, where both databases take the same SQL, sql/common/ (V1__...,
 * V2__...; one version number across the three), each applied once and recorded in
 * {@code flyway_schema_history}. A database an older bookshard made (its tables, no history)
 * is baselined at V1, whose tables it already has. The journal plugin never creates tables.
 */
public final class SchemaInstaller {
  private static final long LOCK_KEY = 7401;

  private SchemaInstaller() {}

  /** The migrations applied now (0 when the schema was current). */
  public static int apply(JournalDatabase db) throws SQLException {
    // Connecting first turns a locked H2 file into a StartupFailure that says what to do.
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      if (db.isPostgres()) {
        // A whole cluster starts at once: one node migrates, the others wait here and then find
        // nothing to do (the advisory lock goes with this session).
        s.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
      }
      MigrateResult result = Flyway.configure()
          .dataSource(db.url(), db.user(), db.password())
          .locations("classpath:sql/common", "classpath:sql/" + db.kind())
          .baselineOnMigrate(true)
          .baselineVersion("1")
          .load()
          .migrate();
      return result.migrationsExecuted;
    }
  }
}
