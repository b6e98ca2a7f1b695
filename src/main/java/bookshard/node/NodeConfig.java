package bookshard.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Loads the node's configuration and points the journal's database at H2 or PostgreSQL. */
public final class NodeConfig {
  private static final Map<String, String[]> BACKENDS = Map.of(
      "h2", new String[] {"slick.jdbc.H2Profile$", "org.h2.Driver"},
      "postgres", new String[] {"slick.jdbc.PostgresProfile$", "org.postgresql.Driver"});

  private NodeConfig() {}

  /**
   * For PostgreSQL: one multi-row INSERT per journal write instead of one statement per event;
   * and session limits that keep a frozen node from blocking a book's new home. A node that
   * stops mid-transaction (GC pause, SIGSTOP, VM freeze) holds the lock on the book's next
   * sequence number; PostgreSQL ends such a transaction after {@code idle-in-transaction-timeout}
   * (its late commit then fails, so it is never acknowledged), and a write waiting on a lock
   * gives up after {@code lock-timeout}, before the journal's own 10 s call timeout, so waiting
   * writes cannot pile up and take every pooled connection. And {@code prepareThreshold=-1}:
   * every statement is server-prepared from its first use, so results come back in binary
   * form; otherwise a statement run once (loading a snapshot) gets its {@code bytea} as hex
   * text, twice the bytes to send and parse (recovery of a 1M-order book: 1.4 s to 0.9 s).
   */
  private static String journalUrl(Config db, String journal) {
    String url = db.getString("url");
    if (!journal.equals("postgres")) {
      return url;
    }
    StringBuilder u = new StringBuilder(url);
    if (!url.contains("reWriteBatchedInserts")) {
      u.append(u.indexOf("?") >= 0 ? "&" : "?").append("reWriteBatchedInserts=true");
    }
    if (!url.contains("prepareThreshold")) {
      u.append("&prepareThreshold=-1");
    }
    if (!url.contains("options=")) {
      String options = "-c idle_in_transaction_session_timeout=" + db.getDuration("idle-in-transaction-timeout").toMillis()
          + " -c lock_timeout=" + db.getDuration("lock-timeout").toMillis();
      u.append("&options=").append(URLEncoder.encode(options, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return u.toString();
  }

  /**
   * Artery over TLS 1.3 with mutual authentication: the one key store is this member's identity
   * and what it trusts, so only members holding the cluster's certificates can connect.
   */
  private static Config clusterTls(String keystore, String password) {
    String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
    return ConfigFactory.empty()
        .withValue("pekko.remote.artery.transport", ConfigValueFactory.fromAnyRef("tls-tcp"))
        .withValue(engine + "key-store", ConfigValueFactory.fromAnyRef(keystore))
        .withValue(engine + "trust-store", ConfigValueFactory.fromAnyRef(keystore))
        .withValue(engine + "key-store-password", ConfigValueFactory.fromAnyRef(password))
        .withValue(engine + "key-password", ConfigValueFactory.fromAnyRef(password))
        .withValue(engine + "trust-store-password", ConfigValueFactory.fromAnyRef(password))
        .withValue(engine + "protocol", ConfigValueFactory.fromAnyRef("TLSv1.3"))
        .withValue(engine + "enabled-algorithms",
            ConfigValueFactory.fromIterable(List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256")))
        .withValue(engine + "require-mutual-authentication", ConfigValueFactory.fromAnyRef(true));
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
    String keystore = config.getString("bookshard.cluster.tls.keystore").trim();
    if (!keystore.isEmpty()) {
      config = clusterTls(keystore, config.getString("bookshard.cluster.tls.password")).withFallback(config);
    }
    Config db = config.getConfig("bookshard." + journal);
    Config connection = ConfigFactory.empty()
        .withValue("profile", ConfigValueFactory.fromAnyRef(backend[0]))
        .withValue("db.driver", ConfigValueFactory.fromAnyRef(backend[1]))
        .withValue("db.url", ConfigValueFactory.fromAnyRef(journalUrl(db, journal)))
        .withValue("db.user", ConfigValueFactory.fromAnyRef(db.getString("user")))
        .withValue("db.password", ConfigValueFactory.fromAnyRef(db.getString("password")));
    // Two pools on the same database: market data streams cannot take the journal's connections.
    String shared = "pekko-persistence-jdbc.shared-databases.";
    return connection.atPath(shared + "bookshard")
        .withFallback(connection.atPath(shared + "bookshard-read"))
        .withFallback(config);
  }
}
