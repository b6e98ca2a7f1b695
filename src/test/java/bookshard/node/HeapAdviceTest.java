package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start-up advice on the heap, read in JVMs started with and without a fixed, pre-touched heap. */
class HeapAdviceTest {
  /** Prints what the node would advise in this JVM. */
  public static final class Probe {
    public static void main(String[] args) {
      System.out.print(BookshardNode.heapAdvice());
    }
  }

  @Test
  void aGrowingHeapIsAdvisedAgainstAndAFixedPreTouchedOneIsNot() throws Exception {
    assertEquals("null", probe("-Xms32m", "-Xmx32m", "-XX:+AlwaysPreTouch"));
    assertEquals("the heap starts at 16 MB of 64 MB and is not pre-touched: for steady latency under load start the"
        + " JVM with -Xms equal to -Xmx and -XX:+AlwaysPreTouch (docs/operations.md, \"JVM\")",
        probe("-Xms16m", "-Xmx64m"));
    assertEquals("the heap starts at 64 MB of 64 MB and is not pre-touched: for steady latency under load start the"
        + " JVM with -Xms equal to -Xmx and -XX:+AlwaysPreTouch (docs/operations.md, \"JVM\")",
        probe("-Xms64m", "-Xmx64m"));
  }

  private static String probe(String... jvmOptions) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(jvmOptions));
    cmd.addAll(List.of("-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Probe.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }
}
