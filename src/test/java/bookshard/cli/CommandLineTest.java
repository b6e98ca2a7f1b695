package bookshard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.node.JournalDatabase;
import bookshard.node.NodeConfig;
import bookshard.node.NodeSettings;
import bookshard.node.SchemaInstaller;
import bookshard.support.Backend;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line helps: help and version exit 0, a wrong argument is named with status 2, an unknown book 1. */
class CommandLineTest {
  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int status = cli.execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void helpAndVersionAnswerAndExitZero() {
    for (String help : new String[] {"--help", "-h"}) {
      Run r = run(help);
      assertEquals(0, r.status());
      assertTrue(r.out().contains("Usage: bookshard"), r.out());
      for (String command : new String[] {"demo", "node", "audit", "bench", "bench-snapshot"}) {
        assertTrue(r.out().contains(command), command + " in " + r.out());
      }
    }
    Run version = run("--version");
    assertEquals(0, version.status());
    assertTrue(version.out().startsWith("bookshard "), version.out());
    Run benchHelp = run("bench", "--help");
    assertEquals(0, benchHelp.status());
    assertTrue(benchHelp.out().contains("BOOKS") && benchHelp.out().contains("IN_FLIGHT"), benchHelp.out());
  }

  @Test
  void aWrongArgumentIsNamedWithStatusTwo() {
    Run node = run("node", "12");
    assertEquals(2, node.status());
    assertTrue(node.err().contains("N: a node number from 1 to 9, not 12"), node.err());
    Run word = run("frobnicate");
    assertEquals(2, word.status());
    assertTrue(word.err().contains("frobnicate"), word.err());
    Run option = run("audit", "BTC-USD", "--at-sqe", "3");
    assertEquals(2, option.status());
    assertTrue(option.err().contains("--at-sqe"), option.err());
    Run notANumber = run("bench", "many");
    assertEquals(2, notANumber.status());
    assertTrue(notANumber.err().contains("BOOKS") && notANumber.err().contains("many"), notANumber.err());
    Run what = run("audit", "BTC-USD", "trades");
    assertEquals(2, what.status());
    assertTrue(what.err().contains("events or book, not 'trades'"), what.err());
  }

  @Test
  void auditingABookTheJournalDoesNotHaveSaysSoWithStatusOne() throws Exception {
    JournalDatabase db = NodeSettings.journal(NodeConfig.load(Backend.H2.freshJournal(Files.createTempDirectory("audit"))));
    SchemaInstaller.apply(db);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Audit.run(db, "NOSUCH", "events", Long.MAX_VALUE, Long.MAX_VALUE,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(1, status);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("the journal has no book NOSUCH"), err.toString(StandardCharsets.UTF_8));
  }
}
