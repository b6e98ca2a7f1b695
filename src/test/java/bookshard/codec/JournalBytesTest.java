package bookshard.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.codec.fb.FbBookSnapshot;
import bookshard.codec.fb.FbEvent;
import bookshard.codec.fb.FbEventBatch;
import bookshard.codec.fb.FbEventEnvelope;
import bookshard.node.BookshardNode;
import bookshard.protocol.BookIds;
import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.TestNodes;
import com.typesafe.config.Config;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the journal really holds: FlatBuffers rows, decoded here without Pekko or our codec. */
class JournalBytesTest {
  @TempDir Path dir;

  /** Snapshots are written in the background; wait for the first before stopping the node. */
  private static void awaitSnapshot(Config journal) throws Exception {
    for (int i = 0; i < 100; i++) {
      try (Connection c = Backend.connect(journal);
          PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM \"snapshot\"");
          ResultSet rs = p.executeQuery()) {
        rs.next();
        if (rs.getLong(1) > 0) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no snapshot written within 10 s");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void journalRowsAreFlatBuffersEventBatches(Backend backend) throws Exception {
    Config journal = backend.freshJournal(dir);
    try (BookshardNode node = TestNodes.start(journal, "bookshard.book.snapshot-every = 4")) {
      Api api = new Api(node.baseUrl());
      assertEquals(201, api.place("ETH-USD", "alice", "SELL", 2000, 5).status());
      assertEquals(201, api.place("ETH-USD", "bob", "BUY", 2001, 2).status());
      assertEquals(201, api.place("ETH-USD", "bob", "BUY", 2000, 1).status());
      awaitSnapshot(journal);
    }
    List<String> seen = new ArrayList<>();
    List<Long> matchIds = new ArrayList<>();
    int rows = 0;
    try (Connection c = Backend.connect(journal);
        PreparedStatement p = c.prepareStatement(
            "SELECT \"event_ser_id\", \"event_ser_manifest\", \"event_payload\" FROM \"event_journal\""
                + " WHERE \"persistence_id\" = ? ORDER BY \"sequence_number\"")) {
      p.setString(1, BookIds.persistenceId("ETH-USD").id());
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          assertEquals(BookSerializer.IDENTIFIER, rs.getInt(1));
          assertEquals("B1", rs.getString(2));
          ByteBuffer bb = ByteBuffer.wrap(rs.getBytes(3));
          assertTrue(FbEventBatch.FbEventBatchBufferHasIdentifier(bb));
          FbEventBatch batch = FbEventBatch.getRootAsFbEventBatch(bb);
          assertEquals(seen.size() + 1, batch.firstPosition(), "positions continue across rows");
          rows++;
          for (int i = 0; i < batch.eventsLength(); i++) {
            FbEventEnvelope env = batch.events(i);
            seen.add(FbEvent.name(env.eventType()));
            if (env.eventType() == FbEvent.FbTradeExecuted) {
              var t = (bookshard.codec.fb.FbTradeExecuted) env.event(new bookshard.codec.fb.FbTradeExecuted());
              matchIds.add(t.matchId());
              assertEquals(2000, t.priceTicks(), "trades happen at the maker's price");
            }
          }
        }
      }
    }
    assertEquals(List.of("FbOrderAccepted", "FbOrderRested", "FbOrderAccepted", "FbTradeExecuted",
        "FbOrderAccepted", "FbTradeExecuted"), seen);
    assertEquals(List.of(1L, 2L), matchIds);
    assertEquals(3, rows, "one row per write: the three orders were placed one after the other");

    try (Connection c = Backend.connect(journal);
        PreparedStatement p = c.prepareStatement(
            "SELECT \"snapshot_payload\" FROM \"snapshot\" WHERE \"persistence_id\" = ? ORDER BY \"sequence_number\" DESC")) {
      p.setString(1, BookIds.persistenceId("ETH-USD").id());
      try (ResultSet rs = p.executeQuery()) {
        assertTrue(rs.next(), "a snapshot was written after 4 events");
        FbBookSnapshot s = FbBookSnapshot.getRootAsFbBookSnapshot(ByteBuffer.wrap(rs.getBytes(1)));
        assertTrue(s.nextOrderId() >= 3);
        assertTrue(s.recentTradesLength() >= 1);
        assertEquals(1, s.recentTrades(0).matchId());
      }
    }
  }
}
