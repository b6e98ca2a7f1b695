package bookshard.support;

import bookshard.node.BookshardNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** Nodes inside the test JVM: random ports, quiet logs, never exiting the JVM. */
public final class TestNodes {
  private TestNodes() {}

  public static Config overrides(Config journal, String extra) {
    return ConfigFactory.parseString(
            "bookshard.http.port = 0\n"
                + "pekko.remote.artery.canonical.port = 0\n"
                + "pekko.management.http.port = 0\n"
                + "pekko.loglevel = WARNING\n"
                + "pekko.coordinated-shutdown.exit-jvm = off\n"
                + "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n"
                + "bookshard.instruments.pattern = \"[A-Z0-9-]+\"\n"
                + extra)
        .withFallback(journal);
  }

  public static BookshardNode start(Config journal, String extra) throws Exception {
    return BookshardNode.start(overrides(journal, extra));
  }
}
