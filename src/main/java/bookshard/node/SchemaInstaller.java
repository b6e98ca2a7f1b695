package bookshard.node;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Applies sql/{h2,postgres}/create-schema.sql. Every statement is IF NOT EXISTS, so running it
 * on each start is harmless; the journal plugin itself never creates tables.
 */
public final class SchemaInstaller {
  private static final long LOCK_KEY = 7401;

  private SchemaInstaller() {}

  public static void apply(JournalDatabase db) throws SQLException, IOException {
    String script;
    try (InputStream in = SchemaInstaller.class.getResourceAsStream("/sql/" + db.kind() + "/create-schema.sql")) {
      if (in == null) {
        throw new IOException("sql/" + db.kind() + "/create-schema.sql missing from the classpath");
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      if (db.isPostgres()) {
        // Concurrent CREATE ... IF NOT EXISTS can still collide in PostgreSQL's catalog when a
        // whole cluster starts at once; the advisory lock (released with the session) serializes it.
        s.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
      }
      for (String statement : script.split(";\\s*\\n")) {
        String sql = statement.lines().filter(l -> !l.trim().startsWith("--")).reduce("", (a, b) -> a + b + "\n").trim();
        if (!sql.isEmpty()) {
          s.execute(sql);
        }
      }
    }
  }
}
