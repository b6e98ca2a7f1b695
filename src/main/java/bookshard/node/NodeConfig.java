package bookshard.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Map;

/** Loads the node's configuration and points the journal's database at H2 or PostgreSQL. */
public final class NodeConfig {
  private static final Map<String, String[]> BACKENDS = Map.of(
      "h2", new String[] {"slick.jdbc.H2Profile$", "org.h2.Driver"},
      "postgres", new String[] {"slick.jdbc.PostgresProfile$", "org.postgresql.Driver"});

  private NodeConfig() {}

  /** For PostgreSQL, one multi-row INSERT per journal write instead of one statement per event. */
  private static String journalUrl(String journal, String url) {
    if (!journal.equals("postgres") || url.contains("reWriteBatchedInserts")) {
      return url;
    }
    return url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
  }

  /** {@code overrides} win over conf/application.conf; system properties win over both. */
  public static Config load(Config overrides) {
    Config config = ConfigFactory.load(overrides.withFallback(ConfigFactory.defaultApplication()));
    String journal = config.getString("bookshard.journal");
    String[] backend = BACKENDS.get(journal);
    if (backend == null) {
      throw new IllegalArgumentException("bookshard.journal must be h2 or postgres, not " + journal);
    }
    if (journal.equals("h2")) {
      String file = Paths.get(config.getString("bookshard.data-dir"), "bookshard").toAbsolutePath().toString();
      config = config.withValue("bookshard.h2.url", ConfigValueFactory.fromAnyRef(
          "jdbc:h2:file:" + file + ";" + config.getString("bookshard.h2.options")));
    }
    String seeds = config.getString("bookshard.cluster.seed-nodes").trim();
    if (!seeds.isEmpty()) {
      config = config.withValue("pekko.cluster.seed-nodes",
          ConfigValueFactory.fromIterable(Arrays.stream(seeds.split(",")).map(String::trim).toList()));
    }
    Config db = config.getConfig("bookshard." + journal);
    Config connection = ConfigFactory.empty()
        .withValue("profile", ConfigValueFactory.fromAnyRef(backend[0]))
        .withValue("db.driver", ConfigValueFactory.fromAnyRef(backend[1]))
        .withValue("db.url", ConfigValueFactory.fromAnyRef(journalUrl(journal, db.getString("url"))))
        .withValue("db.user", ConfigValueFactory.fromAnyRef(db.getString("user")))
        .withValue("db.password", ConfigValueFactory.fromAnyRef(db.getString("password")));
    // Two pools on the same database: market data streams cannot take the journal's connections.
    String shared = "pekko-persistence-jdbc.shared-databases.";
    return connection.atPath(shared + "bookshard")
        .withFallback(connection.atPath(shared + "bookshard-read"))
        .withFallback(config);
  }
}
