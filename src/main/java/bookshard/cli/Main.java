package bookshard.cli;

import bookshard.node.BookshardNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * {@code java -jar bookshard.jar} starts a node from its configuration; {@code demo} also places
 * a few crossing orders through the node's own HTTP API and prints the trades and the book;
 * {@code node N} starts node N (1-9) of a local cluster on loopback against PostgreSQL.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length == 0 ? "" : args[0];
    if (mode.equals("audit")) {
      Audit.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (mode.equals("bench-snapshot")) {
      SnapshotBench.run(java.util.Arrays.copyOfRange(args, 1, args.length));
      System.exit(0);
    }
    if (mode.equals("bench")) {
      LoadHarness.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    Config overrides = ConfigFactory.parseString("pekko.coordinated-shutdown.exit-jvm = on");
    if (mode.equals("node") && args.length == 2 && args[1].matches("[1-9]")) {
      overrides = localClusterNode(Integer.parseInt(args[1])).withFallback(overrides);
    } else if (!mode.isEmpty() && !mode.equals("demo")) {
      System.err.println("usage: java -jar bookshard.jar [demo | node N | bench [books] [orders] [inFlight] | bench-snapshot [restingOrders] | audit SYMBOL|--all [events | book [--at-seq N | --at-match N]]]");
      System.exit(2);
    }
    BookshardNode node = BookshardNode.start(overrides);
    System.out.println("bookshard listening on " + node.baseUrl());
    if (mode.equals("demo")) {
      Demo.run(node.baseUrl(), System.out);
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
