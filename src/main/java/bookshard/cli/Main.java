package bookshard.cli;

import bookshard.node.BookshardNode;
import bookshard.node.JournalDatabase;
import bookshard.node.NodeConfig;
import bookshard.node.NodeSettings;
import bookshard.node.StartupFailure;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code java -jar bookshard.jar [command]}: with no command a node from its configuration;
 * {@code demo} also places a few crossing orders through the node's own HTTP API and prints the
 * trades and the book; {@code node N} starts node N (1-9) of a local cluster on loopback
 * against PostgreSQL; {@code audit}, {@code bench} and {@code bench-snapshot} are tools.
 * {@code --help} and {@code --version} exit 0; a wrong argument is named and exits 2; a tool
 * that finds nothing to do exits 1.
 */
@Command(name = "bookshard", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"A matching engine: each instrument's order book an event-sourced actor, sharded over a cluster.",
        "Without a command: start a node from its configuration (conf/application.conf, BOOKSHARD_* variables)."},
    subcommands = {Main.Demo.class, Main.Node.class, Main.AuditCommand.class, Main.Bench.class, Main.BenchSnapshot.class},
    exitCodeOnInvalidInput = 2)
public final class Main implements Callable<Integer> {
  public static void main(String[] args) {
    // Logging set up here, before any thread logs: else SLF4J replays (and warns about) early calls.
    LoggerFactory.getILoggerFactory();
    int status = commandLine().execute(args);
    // A node keeps running (its actor system's threads); a tool, or a node that did not start, ends here.
    if (status != 0 || !startedNode) {
      System.exit(status);
    }
  }

  private static volatile boolean startedNode;

  /** The command line, its help, version and errors; a StartupFailure is one line and status 1. */
  static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler((e, line, parsed) -> {
          if (e instanceof StartupFailure) {
            line.getErr().println("bookshard: " + e.getMessage());
            return 1;
          }
          throw e;
        });
  }

  @Override
  public Integer call() throws Exception {
    node(ConfigFactory.empty());
    return 0;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"bookshard " + (v == null ? "(development build)" : v) + ", Java "
          + System.getProperty("java.version")};
    }
  }

  @Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "Start a node, place crossing orders through its HTTP API, print the trades and the book; the node"
          + " keeps running (Ctrl-C stops it).")
  static final class Demo implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      BookshardNode node = node(ConfigFactory.empty());
      bookshard.cli.Demo.run(node.baseUrl(), System.out, node.system().settings().config().getBoolean("bookshard.accounts.enabled"));
      System.out.println("\nThe live book page: " + node.baseUrl() + "/  (trades and depth stream in as they happen)");
      System.out.println("The node keeps running (Ctrl-C stops it). Run the demo again: match ids go on from here.");
      return 0;
    }
  }

  @Command(name = "node", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "Start node N of a local cluster on 127.0.0.1: HTTP 8080+N, remoting 25520+N, management 8558+N;"
          + " nodes 1 and 2 are the seeds; the journal is the PostgreSQL that BOOKSHARD_PG_* name.")
  static final class Node implements Callable<Integer> {
    @Parameters(paramLabel = "N", description = "the node's number, 1 to 9")
    int n;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (n < 1 || n > 9) {
        throw new CommandLine.ParameterException(spec.commandLine(), "N: a node number from 1 to 9, not " + n);
      }
      node(localClusterNode(n));
      return 0;
    }
  }

  @Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = {"Read a book's journal (or every book's) straight from the configured database; no node needed.",
          "events: every event as a JSON line; book: the book rebuilt from the events alone."})
  static final class AuditCommand implements Callable<Integer> {
    @Option(names = "--all", description = "every book in the journal, one after the other")
    boolean all;

    @Parameters(arity = "0..2", paramLabel = "SYMBOL [events|book]",
        description = "the book (unless --all), then what to print: events (the default) or book")
    java.util.List<String> words = new java.util.ArrayList<>();

    @Option(names = "--at-seq", paramLabel = "N", description = "book: as of event position N")
    long atSeq = Long.MAX_VALUE;

    @Option(names = "--at-match", paramLabel = "N", description = "book: just after match id N")
    long atMatch = Long.MAX_VALUE;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (!all && words.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "SYMBOL: a book's symbol, or --all");
      }
      if (all && words.size() > 1) {
        throw new CommandLine.ParameterException(spec.commandLine(), "with --all, no SYMBOL: only events or book");
      }
      int at = all ? 0 : 1;
      String what = words.size() > at ? words.get(at) : "events";
      if (!what.equals("events") && !what.equals("book")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "events|book: events or book, not '" + what + "'");
      }
      JournalDatabase db = NodeSettings.journal(NodeConfig.load(ConfigFactory.empty()));
      return Audit.run(db, all ? "--all" : words.get(0), what, atSeq, atMatch, System.out, System.err);
    }
  }

  @Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "The in-process load harness: a node in this JVM on the configured journal, orders sent straight to"
          + " the shard regions (10%% IOC, the rest a place or a cancel), peak and latency at half of it.")
  static final class Bench implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "BOOKS", defaultValue = "100", description = "books (default ${DEFAULT-VALUE})")
    int books;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ORDERS", defaultValue = "200000", description = "orders (default ${DEFAULT-VALUE})")
    int orders;

    @Parameters(index = "2", arity = "0..1", paramLabel = "IN_FLIGHT", defaultValue = "4000",
        description = "orders unanswered at once (default ${DEFAULT-VALUE})")
    int inFlight;

    @Parameters(index = "3", arity = "0..1", paramLabel = "RESTING", defaultValue = "1000",
        description = "resting orders kept per book (default ${DEFAULT-VALUE})")
    int resting;

    @Override
    public Integer call() throws Exception {
      System.err.printf("bench: %d books, %d orders, %d in flight, ~%d resting per book%n", books, orders, inFlight, resting);
      LoadHarness.run(new String[] {String.valueOf(books), String.valueOf(orders), String.valueOf(inFlight),
          String.valueOf(resting)});
      return 0;
    }
  }

  @Command(name = "bench-snapshot", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "Snapshot cost of one big book: its resting orders written, snapshotted and recovered.")
  static final class BenchSnapshot implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "RESTING", defaultValue = "1000000", description = "resting orders (default ${DEFAULT-VALUE})")
    int resting;

    @Override
    public Integer call() throws Exception {
      SnapshotBench.run(new String[] {String.valueOf(resting)});
      return 0;
    }
  }

  private static BookshardNode node(Config extra) throws Exception {
    BookshardNode node = started(extra);
    startedNode = true;
    Thread supervisor = new Thread(() -> supervise(extra, node), "bookshard-supervisor");
    supervisor.start();
    return node;
  }

  private static BookshardNode started(Config extra) throws Exception {
    BookshardNode node = BookshardNode.start(extra);
    // Through the log, so that with BOOKSHARD_LOG_FORMAT=json every line of a node is JSON.
    LoggerFactory.getLogger(Main.class).info("bookshard listening on {}", node.baseUrl());
    return node;
  }

  /**
   * A node the cluster downed (unreachable for too long: paused, partitioned, on the losing side
   * of a split) starts its actor system again and rejoins as a new incarnation, with a backoff
   * from 1 s to 30 s between failed starts; its books have moved meanwhile and may move back.
   * Any other end (Ctrl-C, SIGTERM, leaving the cluster) ends the process with the node.
   */
  private static void supervise(Config extra, BookshardNode first) {
    org.slf4j.Logger log = LoggerFactory.getLogger(Main.class);
    BookshardNode node = first;
    while (true) {
      node.system().getWhenTerminated().toCompletableFuture().join();
      var reason = org.apache.pekko.actor.CoordinatedShutdown.get(node.system()).getShutdownReason();
      if (reason.isPresent() && reason.get() == org.apache.pekko.actor.CoordinatedShutdown.jvmExitReason()) {
        return;
      }
      if (reason.isEmpty() || reason.get() != org.apache.pekko.actor.CoordinatedShutdown.clusterDowningReason()) {
        System.exit(0);
      }
      try {
        node.close();
      } catch (Exception e) {
        log.debug("releasing the downed node", e);
      }
      long backoffMillis = 1000;
      while (true) {
        log.warn("this node was downed by the cluster; starting it again in {} ms to rejoin", backoffMillis);
        try {
          Thread.sleep(backoffMillis);
          node = started(extra);
          break;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (Exception e) {
          log.warn("could not start again: {}", e.toString());
          backoffMillis = Math.min(30_000, backoffMillis * 2);
        }
      }
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
