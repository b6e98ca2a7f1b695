package bookshard.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bookshard.book.BookEvent;
import bookshard.book.EventBatch;
import bookshard.codec.BookSerializer;
import bookshard.protocol.BookIds;
import com.typesafe.config.Config;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** A book's events read straight from the journal's rows, checking that positions are gapless. */
public final class JournalRows {
  private JournalRows() {}

  public static List<BookEvent> events(Config journal, String symbol) throws Exception {
    List<BookEvent> events = new ArrayList<>();
    try (Connection c = Backend.connect(journal);
        PreparedStatement p = c.prepareStatement("SELECT \"sequence_number\", \"event_payload\", \"event_ser_manifest\""
            + " FROM \"event_journal\" WHERE \"persistence_id\" = ? ORDER BY \"sequence_number\"")) {
      p.setString(1, BookIds.persistenceId(symbol).id());
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          EventBatch batch = BookSerializer.journalRow(rs.getBytes(2), rs.getString(3)).placedAt(rs.getLong(1));
          assertEquals(events.size() + 1, batch.firstPosition(), symbol + " row " + rs.getLong(1) + ": position");
          events.addAll(batch.events());
        }
      }
    }
    return events;
  }

  /** An account ledger's events, in the order written. */
  public static List<bookshard.protocol.AccountEvent> ledger(Config journal, String account) throws Exception {
    List<bookshard.protocol.AccountEvent> events = new ArrayList<>();
    try (Connection c = Backend.connect(journal);
        PreparedStatement p = c.prepareStatement("SELECT \"event_payload\", \"event_ser_manifest\""
            + " FROM \"event_journal\" WHERE \"persistence_id\" = ? ORDER BY \"sequence_number\"")) {
      p.setString(1, bookshard.protocol.AccountIds.persistenceId(account).id());
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          events.addAll(BookSerializer.ledgerRow(rs.getBytes(1), rs.getString(2)));
        }
      }
    }
    return events;
  }
}
