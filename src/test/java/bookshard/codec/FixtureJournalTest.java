package bookshard.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bookshard.book.BookEvent;
import bookshard.book.BookState;
import bookshard.book.Side;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Journal bytes written by the first schema must decode to the same events, always. */
class FixtureJournalTest {
  @Test
  void firstSchemaBytesStillDecode() throws Exception {
    List<String> lines = Files.readAllLines(FixtureJournal.FILE);
    assertEquals(FixtureJournal.EVENTS.size() + 1, lines.size());
    for (int i = 0; i < FixtureJournal.EVENTS.size(); i++) {
      String[] row = lines.get(i).split(" ");
      assertEquals(BookSerializer.EVENT_V1, row[0]);
      BookEvent decoded = EventCodec.decode(Base64.getDecoder().decode(row[1]));
      assertEquals(FixtureJournal.EVENTS.get(i), decoded, "row " + i);
    }
    String[] snapshot = lines.get(lines.size() - 1).split(" ");
    assertEquals(BookSerializer.SNAPSHOT_V1, snapshot[0]);
    BookState decoded = SnapshotCodec.decode(Base64.getDecoder().decode(snapshot[1]), 10);
    BookState expected = FixtureJournal.fixtureBook();
    for (Side s : Side.values()) {
      assertEquals(expected.book().restingOrders(s), decoded.book().restingOrders(s));
    }
    assertEquals(expected.book().nextMatchId(), decoded.book().nextMatchId());
    // The snapshot's trades were written before trades named their orders' clientOrderIds and done flags.
    assertEquals(expected.recentTrades().all().stream().map(FixtureJournalTest::asFirstSchema).toList(),
        decoded.recentTrades().all());
  }

  private static BookEvent.TradeExecuted asFirstSchema(BookEvent.TradeExecuted t) {
    return new BookEvent.TradeExecuted(t.matchId(), t.priceTicks(), t.quantityLots(), t.makerOrderId(),
        t.takerOrderId(), t.makerAccount(), t.takerAccount(), t.takerSide(), t.timestampMillis(), null, null, false,
        false);
  }
}
