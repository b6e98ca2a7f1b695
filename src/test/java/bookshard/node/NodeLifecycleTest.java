package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.ChildNode;
import bookshard.support.SseClient;
import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees when a node starts and stops: nothing alarming, and one clear line on a mistake. */
class NodeLifecycleTest {
  @TempDir Path dir;

  private static void assertQuiet(String everything) {
    // The one warning a node with API keys off must give (anyone may trade as any account).
    String output = everything.lines().filter(l -> !l.contains("API keys are off")).reduce("", (a, b) -> a + b + "\n");
    for (String noise : List.of(" WARN ", " ERROR ", "Exception", "\tat ", "SLF4J")) {
      assertFalse(output.contains(noise), "the node printed '" + noise.trim() + "':\n" + output);
    }
  }

  /** SIGTERM runs the same shutdown as Ctrl-C; H2's own exit hook used to close the database under open streams. */
  @Test
  void startsAndStopsWithoutWarningsWhileStreamsAreOpen() throws Exception {
    Config journal = Backend.H2.freshJournal(dir);
    Path log = dir.resolve("node.log");
    try (ChildNode node = ChildNode.start(journal, log);
        SseClient trades = new SseClient(node.baseUrl() + "/books/BTC-USD/trades/stream?afterMatchId=0", null);
        SseClient depth = new SseClient(node.baseUrl() + "/books/BTC-USD/depth/stream", null)) {
      Api api = new Api(node.baseUrl());
      for (int i = 0; i < 5; i++) {
        assertEquals(201, api.place("BTC-USD", "alice", "SELL", 100, 1).status());
        assertEquals(201, api.place("BTC-USD", "bob", "BUY", 100, 1).status());
      }
      for (int i = 1; i <= 5; i++) {
        SseClient.Event e = trades.next(Duration.ofSeconds(10));
        assertEquals(String.valueOf(i), e == null ? null : e.id(), "trade stream open and live");
      }
      assertTrue(depth.next(Duration.ofSeconds(10)) != null, "depth stream open");
      node.terminate();
    }
    assertQuiet(Files.readString(log));
  }

  /** A second node, or audit, on an H2 file a node holds: one line that says what to do, exit code 1. */
  @Test
  void aLockedH2FileIsOneClearLine() throws Exception {
    Config journal = Backend.H2.freshJournal(dir);
    try (ChildNode node = ChildNode.start(journal, dir.resolve("node.log"))) {
      for (String[] args : List.of(new String[] {"audit", "--all", "events"}, new String[] {})) {
        ChildNode.Ended second = ChildNode.run(journal, dir.resolve("second.log"), args);
        assertEquals(1, second.exitCode(), second.output());
        List<String> lines = second.output().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), second.output());
        assertTrue(lines.get(0).startsWith("bookshard: the H2 journal "), lines.get(0));
        assertTrue(lines.get(0).contains("is in use by another process"), lines.get(0));
        assertQuiet(second.output());
      }
      assertEquals(200, new Api(node.baseUrl()).get("/books/BTC-USD").status(), "the first node goes on");
    }
  }
}
