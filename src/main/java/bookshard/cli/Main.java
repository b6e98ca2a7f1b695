package bookshard.cli;

import bookshard.node.BookshardNode;
import bookshard.node.StartupFailure;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Arrays;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar bookshard.jar [command]}: with no command a node from its configuration;
 * {@code demo} also places a few crossing orders through the node's own HTTP API and prints the
 * trades and the book; {@code node N} starts node N (1-9) of a local cluster on loopback
 * against PostgreSQL; {@code audit}, {@code bench} and {@code bench-snapshot} are tools.
 */
public final class Main {
  private static final String USAGE = "usage: java -jar bookshard.jar [demo | node N | audit SYMBOL|--all [events | book"
      + " [--at-seq N | --at-match N]] | bench [books] [orders] [inFlight] | bench-snapshot [restingOrders]]";

  private interface Command {
    void run(String[] args) throws Exception;
  }

  private Main() {}

  public static void main(String[] args) throws Exception {
    // Logging set up here, before any thread logs: else SLF4J replays (and warns about) early calls.
    LoggerFactory.getILoggerFactory();
    String mode = args.length == 0 ? "" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    Command command = switch (mode) {
      case "", "demo", "node" -> a -> node(mode, a);
      case "audit" -> Audit::main;
      case "bench" -> a -> {
        LoadHarness.run(a);
        System.exit(0);
      };
      case "bench-snapshot" -> a -> {
        SnapshotBench.run(a);
        System.exit(0);
      };
      default -> null;
    };
    if (command == null) {
      System.err.println(USAGE);
      System.exit(2);
    }
    try {
      command.run(rest);
    } catch (StartupFailure e) {
      System.err.println("bookshard: " + e.getMessage());
      System.exit(1);
    }
  }

  private static void node(String mode, String[] args) throws Exception {
    Config overrides = ConfigFactory.parseString("pekko.coordinated-shutdown.exit-jvm = on");
    if (mode.equals("node")) {
      if (args.length != 1 || !args[0].matches("[1-9]")) {
        System.err.println(USAGE);
        System.exit(2);
      }
      overrides = localClusterNode(Integer.parseInt(args[0])).withFallback(overrides);
    }
    BookshardNode node = BookshardNode.start(overrides);
    // Through the log, so that with BOOKSHARD_LOG_FORMAT=json every line of a node is JSON.
    org.slf4j.LoggerFactory.getLogger(Main.class).info("bookshard listening on {}", node.baseUrl());
    if (mode.equals("demo")) {
      Demo.run(node.baseUrl(), System.out, node.system().settings().config().getBoolean("bookshard.accounts.enabled"));
      System.out.println("\nThe live book page: " + node.baseUrl() + "/  (trades and depth stream in as they happen)");
      System.out.println("The node keeps running (Ctrl-C stops it). Run the demo again: match ids go on from here.");
    }
  }

  /**
   * Node N of a cluster on 127.0.0.1: HTTP 8080+N, remoting 25520+N, management 8558+N; nodes 1
   * and 2 are the seeds; the journal is the PostgreSQL that BOOKSHARD_PG_* name.
   */
  static Config localClusterNode(int n) {
    return ConfigFactory.parseString(String.join("\n",
        "bookshard.http.port = " + (8080 + n),
        "pekko.remote.artery.canonical.port = " + (25520 + n),
        "pekko.management.http.port = " + (8558 + n),
        "bookshard.journal = postgres",
        "bookshard.cluster.seed-nodes = \"pekko://bookshard@127.0.0.1:25521,pekko://bookshard@127.0.0.1:25522\""));
  }
}
