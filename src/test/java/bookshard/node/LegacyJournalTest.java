package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.book.BookEvent;
import bookshard.book.BookState;
import bookshard.book.NewOrder;
import bookshard.book.OrderType;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import bookshard.codec.EventCodec;
import bookshard.codec.SnapshotCodec;
import bookshard.protocol.BookIds;
import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.JournalRows;
import bookshard.support.TestNodes;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal written before rows held batches (one event per row, manifest E1; snapshots without
 * a position) is recovered, served and continued: positions go on gapless from its last row.
 */
class LegacyJournalTest {
  @TempDir Path dir;

  /** A deterministic trading history: alternating sides around one price, so orders trade. */
  private static List<BookEvent> history(int orders) {
    BookState state = BookState.empty(100);
    List<BookEvent> all = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      List<BookEvent> events = new ArrayList<>();
      Side side = i % 3 == 0 ? Side.SELL : Side.BUY;
      state.book().place(new NewOrder("acct-" + (i % 4), null, side, OrderType.LIMIT, TimeInForce.GTC,
          side == Side.SELL ? 100 : 99 + i % 3, 1 + i % 3), 1_700_000_000_000L + i, events);
      events.forEach(state::apply);
      all.addAll(events);
    }
    return all;
  }

  private static BookState replay(List<BookEvent> events) {
    BookState state = BookState.empty(100);
    events.forEach(state::apply);
    state.positionAt(-1);
    return state;
  }

  private static void writeLegacy(Connection c, String symbol, List<BookEvent> events, int snapshotAt) throws Exception {
    String pid = BookIds.persistenceId(symbol).id();
    try (PreparedStatement p = c.prepareStatement("INSERT INTO \"event_journal\" (\"persistence_id\", \"sequence_number\","
        + " \"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_payload\", \"event_ser_id\", \"event_ser_manifest\")"
        + " VALUES (?, ?, 'legacy', 0, '', ?, 7401, 'E1')")) {
      for (int i = 0; i < events.size(); i++) {
        p.setString(1, pid);
        p.setLong(2, i + 1);
        p.setBytes(3, EventCodec.encode(events.get(i)));
        p.addBatch();
      }
      p.executeBatch();
    }
    // Position -1 is the schema's default, so the bytes are those of a snapshot of the first schema.
    try (PreparedStatement p = c.prepareStatement("INSERT INTO \"snapshot\" (\"persistence_id\", \"sequence_number\","
        + " \"created\", \"snapshot_ser_id\", \"snapshot_ser_manifest\", \"snapshot_payload\") VALUES (?, ?, 0, 7401, 'S1', ?)")) {
      p.setString(1, pid);
      p.setLong(2, snapshotAt);
      p.setBytes(3, SnapshotCodec.encode(replay(events.subList(0, snapshotAt))));
      p.executeUpdate();
    }
  }

  @Test
  void oldRowsAndSnapshotsRecoverAndPositionsContinue() throws Exception {
    Config journal = Backend.H2.freshJournal(dir);
    SchemaInstaller.apply(NodeSettings.journal(NodeConfig.load(ConfigFactory.empty().withFallback(journal))));
    List<BookEvent> events = history(40);
    long trades = events.stream().filter(e -> e instanceof BookEvent.TradeExecuted).count();
    try (Connection c = Backend.connect(journal)) {
      writeLegacy(c, "OLD-A", events, 25);
      writeLegacy(c, "OLD-B", events, events.size());
    }
    Map<String, Long> positionAfterNewOrder = new HashMap<>();
    for (int run = 0; run < 2; run++) {
      // The book keeps only 5 trades: older ones are read from the journal's rows, old and new.
      try (BookshardNode node = TestNodes.start(journal, "bookshard.book.recent-trades = 5")) {
        Api api = new Api(node.baseUrl());
        for (String symbol : List.of("OLD-A", "OLD-B")) {
          JsonNode book = api.get("/books/" + symbol).body();
          assertEquals(run == 0 ? events.size() : positionAfterNewOrder.get(symbol), book.get("sequenceNr").asLong(),
              symbol + " position after recovery");
          assertEquals(trades + run, book.get("lastMatchId").asLong(), symbol);
          if (run == 0) {
            // Bids rest at 99: a sell at 1 takes one lot from the best of them.
            assertEquals(201, api.place(symbol, "new", "SELL", 1, 1).status());
            long position = api.get("/books/" + symbol).body().get("sequenceNr").asLong();
            assertTrue(position >= events.size() + 2, "accepted and traded: " + position);
            positionAfterNewOrder.put(symbol, position);
          }
          JsonNode all = api.get("/books/" + symbol + "/trades?afterMatchId=0&limit=1000").body().get("trades");
          assertEquals(trades + 1, all.size(), symbol + " every trade, old and new");
          for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).get("matchId").asLong());
          }
          JsonNode later = api.get("/books/" + symbol + "/trades?afterMatchId=3&limit=2").body().get("trades");
          assertEquals(List.of(4L, 5L), List.of(later.get(0).get("matchId").asLong(), later.get(1).get("matchId").asLong()));
          List<BookEvent> journalled = JournalRows.events(journal, symbol);
          assertEquals(events, journalled.subList(0, events.size()));
          assertEquals(positionAfterNewOrder.get(symbol), journalled.size(), "one event per position");
        }
      }
    }
  }
}
