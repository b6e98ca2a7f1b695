package bookshard.support;

import com.typesafe.config.Config;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A node in its own JVM (bookshard.cli.Main), so a test can kill -9 it. */
public final class ChildNode implements AutoCloseable {
  private final Process process;
  private final int httpPort;

  private ChildNode(Process process, int httpPort) {
    this.process = process;
    this.httpPort = httpPort;
  }

  /** What a run of bookshard.cli.Main printed, and its exit code. */
  public record Ended(int exitCode, String output) {}

  /** Runs {@code bookshard.cli.Main args} with {@code settings} to its end (at most 60 s). */
  public static Ended run(Config settings, Path log, String... args) throws Exception {
    List<String> cmd = command(settings, freePort(), TEST_JVM, args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("still running after 60 s: " + Files.readString(log));
    }
    return new Ended(p.exitValue(), Files.readString(log));
  }

  /** Starts a node with {@code settings} as -D system properties and waits until it serves HTTP. */
  public static ChildNode start(Config settings, Path log) throws Exception {
    return start(settings, log, TEST_JVM);
  }

  /** The same with JVM options of the caller's (a benchmark wants a production JVM, not a test one). */
  public static ChildNode start(Config settings, Path log, List<String> jvmOptions) throws Exception {
    int port = settings.hasPath("bookshard.http.port") ? settings.getInt("bookshard.http.port") : freePort();
    List<String> cmd = command(settings, port, jvmOptions);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ChildNode node = new ChildNode(p, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("node exited: " + Files.readString(log));
      }
      if (Files.exists(log) && Files.readString(log).contains("bookshard listening on")) {
        return node;
      }
      Thread.sleep(100);
    }
    node.kill();
    throw new IllegalStateException("node did not start in 60 s: " + Files.readString(log));
  }

  /** Small and quick to start: what tests want of a node JVM. */
  private static final List<String> TEST_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private static List<String> command(Config settings, int port, List<String> jvmOptions, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of(
        "-cp", System.getProperty("java.class.path"),
        "-Dbookshard.http.port=" + port,
        "-Dpekko.remote.artery.canonical.port=0",
        "-Dpekko.management.http.port=0",
        "-Dpekko.loglevel=WARNING"));
    for (Map.Entry<String, ?> e : settings.entrySet()) {
      Object value = settings.getValue(e.getKey()).unwrapped();
      if (value instanceof List<?> list) {
        // A list as system properties: numbered keys (Typesafe Config reads them back as a list).
        for (int i = 0; i < list.size(); i++) {
          cmd.add("-D" + e.getKey() + "." + i + "=" + list.get(i));
        }
      } else {
        cmd.add("-D" + e.getKey() + "=" + value);
      }
    }
    cmd.add("bookshard.cli.Main");
    cmd.addAll(List.of(args));
    return cmd;
  }

  public static int freePort() throws IOException {
    return freePorts(1)[0];
  }

  /**
   * {@code n} distinct free ports, below the kernel's ephemeral range (32768 and up on Linux): a port
   * the kernel hands out for {@code bind(0)} or an outgoing connection may be taken again between
   * choosing it here and the child binding it (CI once failed a child's start on
   * {@code Address already in use} that way). Each JVM walks its own stretch, from a start drawn from
   * its pid, and keeps a port only if it binds now.
   */
  public static synchronized int[] freePorts(int n) throws IOException {
    int[] ports = new int[n];
    for (int i = 0; i < n; i++) {
      ports[i] = nextBindablePort();
    }
    return ports;
  }

  private static final int FIRST_PORT = 20_000;
  private static final int PORTS = 12_000;
  private static int nextPortOffset = (int) ((ProcessHandle.current().pid() * 997) % PORTS);

  private static int nextBindablePort() throws IOException {
    for (int tries = 0; tries < PORTS; tries++) {
      int port = FIRST_PORT + nextPortOffset;
      nextPortOffset = (nextPortOffset + 1) % PORTS;
      try (ServerSocket probe = new ServerSocket()) {
        probe.setReuseAddress(false);
        probe.bind(new java.net.InetSocketAddress(port));
        return port;
      } catch (IOException inUse) {
        // taken: try the next
      }
    }
    throw new IOException("no free port in " + FIRST_PORT + ".." + (FIRST_PORT + PORTS));
  }

  public boolean awaitExit(int seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** SIGTERM: the JVM runs its shutdown hooks, so the node leaves the cluster gracefully. */
  public void terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("process " + process.pid() + " did not stop within 60 s of SIGTERM");
    }
  }

  /** SIGKILL: no shutdown hook, no flush, nothing graceful. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("process " + process.pid() + " survived SIGKILL");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
