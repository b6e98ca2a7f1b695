package bookshard.support;

import bookshard.node.NodeConfig;
import bookshard.node.NodeSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** The two real journals the tests run against. PostgreSQL is started once per test JVM. */
public enum Backend {
  H2,
  POSTGRES;

  private static EmbeddedPostgres postgres;
  private static final AtomicInteger databases = new AtomicInteger();

  /** Journal settings for a brand-new, empty database of this backend. */
  public Config freshJournal(Path dir) {
    if (this == H2) {
      return ConfigFactory.parseString("bookshard.journal = h2\nbookshard.data-dir = \"" + dir + "\"");
    }
    String db = "book" + databases.incrementAndGet() + "_" + ProcessHandle.current().pid();
    try (Connection c = DriverManager.getConnection(server().getJdbcUrl("postgres", "postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return ConfigFactory.parseString(
        "bookshard.journal = postgres\n"
            + "bookshard.postgres.url = \"" + server().getJdbcUrl("postgres", db) + "\"\n"
            + "bookshard.postgres.user = postgres\nbookshard.postgres.password = \"\"\n");
  }

  public static synchronized EmbeddedPostgres server() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (Exception e) {
        throw new IllegalStateException("could not start embedded PostgreSQL", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          postgres.close();
        } catch (Exception ignored) {
          // the JVM is going away anyway
        }
      }));
    }
    return postgres;
  }

  /** A JDBC connection to the database that {@code journal} (from {@link #freshJournal}) names. */
  public static Connection connect(Config journal) throws SQLException {
    return NodeSettings.journal(NodeConfig.load(journal)).connect();
  }
}
