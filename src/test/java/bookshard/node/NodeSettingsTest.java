package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSettingsTest {
  private static final String SHA_A = "a".repeat(64);
  private static final String SHA_B = "b".repeat(64);

  private static NodeSettings with(String hocon) {
    return NodeSettings.from(NodeConfig.load(ConfigFactory.parseString(hocon)));
  }

  @Test
  void defaultsAreReadIntoTypedSettings() {
    NodeSettings s = with("");
    assertEquals(8080, s.http().port());
    assertEquals(new bookshard.entity.SnapshotPolicy(1000, 1.0, 100_000, 2), s.book().snapshots());
    assertEquals(256, s.http().maxHalfOpenConnections());
    assertEquals("h2", s.journal().kind());
    assertTrue(s.instruments().exists("BTC-USD"));
    assertEquals(false, s.instruments().exists("XRP-USD"));
  }

  @Test
  void instrumentRulesFallBackToTheDefaultsAndMustNameAKnownSymbol() {
    NodeSettings s = with("bookshard.instruments.rules { \"ETH-USD\" { tick-size = 25 } }\n"
        + "bookshard.instruments.rules-default.max-quantity = 5000");
    assertEquals(new bookshard.book.InstrumentSpec("ETH-USD", 25, 1, 1, 5000, 0, 0), s.instruments().spec("ETH-USD"));
    assertEquals(new bookshard.book.InstrumentSpec("BTC-USD", 1, 1, 1, 5000, 0, 0), s.instruments().spec("BTC-USD"));
    assertEquals(25, s.book().instruments().apply("ETH-USD").tickSize(), "the books get the same rules");
    StartupFailure unknown = assertThrows(StartupFailure.class,
        () -> with("bookshard.instruments.rules { \"XRP-USD\" { tick-size = 2 } }"));
    assertTrue(unknown.getMessage().contains("XRP-USD"), unknown.getMessage());
    StartupFailure bad = assertThrows(StartupFailure.class,
        () -> with("bookshard.instruments.rules { \"BTC-USD\" { lot-size = 0 } }"));
    assertTrue(bad.getMessage().contains("lot-size"), bad.getMessage());
  }

  @Test
  void keysComeFromTheListAndFromTheEnvironmentString() {
    NodeSettings s = with("bookshard.auth.enabled = on\n"
        + "bookshard.auth.keys = [{sha256 = \"" + SHA_A + "\", account = alice}]\n"
        + "bookshard.auth.keys-list = \"bob:" + SHA_B + "\"");
    assertEquals(Map.of(SHA_A, "alice", SHA_B, "bob"), s.auth().accountBySha256());
  }

  @Test
  void keysOnWithoutAnyKeyRefusesToStart() {
    StartupFailure e = assertThrows(StartupFailure.class, () -> with("bookshard.auth.enabled = on"));
    assertTrue(e.getMessage().contains("BOOKSHARD_API_KEYS"), e.getMessage());
  }

  @Test
  void aMalformedKeyEntryNamesTheProblemWithoutEchoingTheKey() {
    StartupFailure e = assertThrows(StartupFailure.class,
        () -> with("bookshard.auth.keys-list = \"alice:secret-key-not-a-hash\""));
    assertTrue(e.getMessage().contains("ACCOUNT:SHA256"), e.getMessage());
    assertTrue(!e.getMessage().contains("secret-key"), "the value is never echoed: " + e.getMessage());
  }
}
