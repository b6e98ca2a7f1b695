package bookshard.support;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Three engine JVMs on loopback sharing one embedded PostgreSQL journal; nodes 0 and 1 are the
 * seeds. Books are S0, S1, ... Node logs are kept under target/cluster-logs/TEST when it closes.
 */
public final class LocalCluster implements AutoCloseable {
  private static final long DEADLINE_MILLIS = 60_000;

  private final Path dir;
  private final String test;
  private final Config journal;
  private final String extra;
  private final ChildNode[] nodes = new ChildNode[3];
  private final int[] remotePorts = new int[3];
  private final int[] httpPorts = new int[3];

  public LocalCluster(Path dir, String extra) throws Exception {
    this.dir = dir;
    this.test = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass().getSimpleName();
    this.extra = extra;
    this.journal = Backend.POSTGRES.freshJournal(dir);
    int[] ports = ChildNode.freePorts(6);
    for (int i = 0; i < 3; i++) {
      remotePorts[i] = ports[2 * i];
      httpPorts[i] = ports[2 * i + 1];
    }
    List<CompletableFuture<ChildNode>> starting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int n = i;
      starting.add(CompletableFuture.supplyAsync(() -> {
        try {
          return start(n, "0");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    for (int i = 0; i < 3; i++) {
      nodes[i] = starting.get(i).join();
    }
    for (int i = 0; i < 3; i++) {
      awaitReady(i);
    }
  }

  public Config journal() {
    return journal;
  }

  private Config settings(int i) {
    return ConfigFactory.parseString(String.join("\n",
            "bookshard.http.port = " + httpPorts[i],
            "pekko.remote.artery.canonical.port = " + remotePorts[i],
            "bookshard.instruments.pattern = \"S[0-9]+\"",
            "bookshard.cluster.seed-nodes = \"" + address(0) + "," + address(1) + "\"",
            extra))
        .withFallback(journal);
  }

  public String address(int i) {
    return "pekko://bookshard@127.0.0.1:" + remotePorts[i];
  }

  private ChildNode start(int i, String tag) throws Exception {
    return ChildNode.start(settings(i), dir.resolve("node" + i + "-" + tag + ".log"));
  }

  /** Starts node i again (after a kill or a stop) and waits until it is ready. */
  public void restart(int i, String tag) throws Exception {
    nodes[i] = start(i, tag);
    awaitReady(i);
  }

  public void kill(int i) throws InterruptedException {
    nodes[i].kill();
    nodes[i] = null;
  }

  public void terminate(int i) throws InterruptedException {
    nodes[i].terminate();
    nodes[i] = null;
  }

  /** SIGSTOP: the JVM freezes, sockets stay open, nothing it does is seen until {@link #resume}. */
  public void pause(int i) throws Exception {
    signal("STOP", nodes[i].pid());
  }

  public void resume(int i) throws Exception {
    signal("CONT", nodes[i].pid());
  }

  private static void signal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + name + " " + pid + " failed");
    }
  }

  /** Waits up to {@code seconds} for node i's JVM to exit by itself; true if it did. */
  public boolean awaitExit(int i, int seconds) throws Exception {
    boolean exited = nodes[i].awaitExit(seconds);
    if (exited) {
      nodes[i] = null;
    }
    return exited;
  }

  /**
   * Waits up to {@code seconds} until node i's log says the cluster downed it and it serves
   * {@code /ready} again, in the same process; true if it did.
   */
  public boolean awaitRejoined(int i, int seconds) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (System.currentTimeMillis() < deadline && nodes[i].isAlive()) {
      if (Files.readString(log(i, "0")).contains("was downed by the cluster") && ready(i)) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  /** Node i answers {@code /ready} with 200 (false while its port is closed, as when it restarts). */
  private boolean ready(int i) {
    try {
      return api(i).get("/ready").status() == 200;
    } catch (IllegalStateException refused) {
      return false;
    }
  }

  public Path log(int i, String tag) {
    return dir.resolve("node" + i + "-" + tag + ".log");
  }

  public boolean isUp(int i) {
    return nodes[i] != null;
  }

  public String baseUrl(int i) {
    return "http://127.0.0.1:" + httpPorts[i];
  }

  public Api api(int i) {
    return new Api(baseUrl(i));
  }

  public void awaitReady(int i) throws Exception {
    long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (api(i).get("/ready").status() == 200) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("node " + i + " not ready within 60 s");
  }

  /** Index of the node that hosts the book now, asked through node {@code via}. */
  public int hostOf(String symbol, int via) {
    // Right after a node comes back its shards may still be moving, and a read can time out
    // (an error body without hostedBy); ask again until the deadline.
    long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
    Api.Reply last = null;
    while (System.currentTimeMillis() < deadline) {
      last = api(via).get("/books/" + symbol);
      var host = last.body() == null ? null : last.body().get("hostedBy");
      if (last.status() == 200 && host != null) {
        for (int i = 0; i < 3; i++) {
          if (host.asText().equals(address(i))) {
            return i;
          }
        }
        throw new AssertionError("unknown host " + host);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while asking for " + symbol + "'s host", e);
      }
    }
    throw new AssertionError("no host for " + symbol + " within 60 s; last answer " + last.status() + " " + last.body());
  }

  @Override
  public void close() throws Exception {
    for (ChildNode n : nodes) {
      if (n != null) {
        n.close();
      }
    }
    Path keep = Path.of("target", "cluster-logs", test);
    Files.createDirectories(keep);
    try (var logs = Files.list(dir)) {
      for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
        Files.copy(log, keep.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
