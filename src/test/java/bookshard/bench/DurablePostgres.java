package bookshard.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * An embedded PostgreSQL 14 for benchmarks, durable as a production one: the embedded server
 * starts with fsync off ({@code -F}) and {@code synchronous_commit = off} unless told otherwise,
 * which makes commits free and durability figures meaningless. Prints what it runs with.
 */
final class DurablePostgres {
  private DurablePostgres() {}

  static EmbeddedPostgres start() throws Exception {
    EmbeddedPostgres pg = EmbeddedPostgres.builder()
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("max_connections", "100")
        .setServerConfig("shared_buffers", "512MB")
        .start();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      StringBuilder line = new StringBuilder("PostgreSQL");
      for (String setting : new String[] {"server_version", "fsync", "synchronous_commit", "wal_sync_method"}) {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
          rs.next();
          line.append(' ').append(setting).append('=').append(rs.getString(1));
        }
      }
      System.out.println(line);
      if (!line.toString().contains("fsync=on") || !line.toString().contains("synchronous_commit=on")) {
        throw new IllegalStateException("not durable: " + line);
      }
    }
    return pg;
  }
}
