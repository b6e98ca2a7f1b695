package bookshard.cli;

import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.BookEvent;
import bookshard.book.OrderBook;
import bookshard.book.OrderView;
import bookshard.book.Side;
import bookshard.book.EventBatch;
import bookshard.codec.BookSerializer;
import bookshard.node.JournalDatabase;
import bookshard.node.NodeConfig;
import bookshard.node.NodeSettings;
import bookshard.protocol.BookIds;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar bookshard.jar audit SYMBOL|--all [events | book [--at-seq N | --at-match N]]}:
 * reads a book's journal (or every book's) straight from the database (the configured journal),
 * and either prints every event as a JSON line (with its symbol and its position in the book,
 * {@code sequenceNr}, the number REST and the depth stream report), or rebuilds the book from
 * the events alone up to a position or match id and prints it.
 * Needs no running node.
 */
public final class Audit {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Audit() {}

  /**
   * {@code what}: events or book. Returns the exit status: 0, or 1 for a book the journal does
   * not have (it says which books it has).
   */
  public static int run(JournalDatabase db, String symbolOrAll, String what, long atSeq, long atMatch, PrintStream out,
      PrintStream err) throws Exception {
    boolean all = symbolOrAll.equals("--all");
    List<String> known = symbols(db);
    if (!all && !known.contains(symbolOrAll)) {
      err.println("audit: the journal has no book " + symbolOrAll + (known.isEmpty() ? " (it has none)"
          : " (it has " + String.join(", ", known.subList(0, Math.min(20, known.size())))
              + (known.size() > 20 ? ", ..." : "") + ")"));
      return 1;
    }
    for (String symbol : all ? known : List.of(symbolOrAll)) {
      if (what.equals("book")) {
        ObjectNode book = rebuild(db, symbol, atSeq, atMatch);
        // One book: readable. Every book: one JSON line each, for jq and grep.
        out.println(all ? JSON.writeValueAsString(book) : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(book));
      } else {
        printEvents(db, symbol, out);
      }
    }
    return 0;
  }

  /** Every symbol with events in the journal, sorted. */
  public static List<String> symbols(JournalDatabase db) throws Exception {
    String prefix = BookIds.persistenceIdPrefix();
    List<String> out = new ArrayList<>();
    try (Connection c = db.connect();
        PreparedStatement p = c.prepareStatement("SELECT DISTINCT \"persistence_id\" FROM \"event_journal\""
            + " WHERE \"persistence_id\" LIKE ? ORDER BY \"persistence_id\"")) {
      p.setString(1, prefix + "%");
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1).substring(prefix.length()));
        }
      }
    }
    return out;
  }

  public interface EventConsumer {
    /** Return false to stop reading. {@code position}: the event's place in its book (see {@code EventBatch}). */
    boolean accept(long position, BookEvent event) throws Exception;
  }

  public static void read(JournalDatabase db, String symbol, EventConsumer consumer) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement p = c.prepareStatement("SELECT \"sequence_number\", \"event_payload\", \"event_ser_manifest\" FROM \"event_journal\""
            + " WHERE \"persistence_id\" = ? ORDER BY \"sequence_number\"")) {
      p.setString(1, BookIds.persistenceId(symbol).id());
      p.setFetchSize(1000);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          EventBatch batch = BookSerializer.journalRow(rs.getBytes(2), rs.getString(3)).placedAt(rs.getLong(1));
          long position = batch.firstPosition();
          for (BookEvent e : batch.events()) {
            if (!consumer.accept(position++, e)) {
              return;
            }
          }
        }
      }
    }
  }

  public static void printEvents(JournalDatabase db, String symbol, PrintStream out) throws Exception {
    read(db, symbol, (position, e) -> {
      ObjectNode line = JSON.createObjectNode().put("symbol", symbol).put("sequenceNr", position).put("type", e.getClass().getSimpleName());
      line.set("event", JSON.valueToTree(e));
      out.println(JSON.writeValueAsString(line));
      return true;
    });
  }

  /**
   * The book after the last event with position <= atSeq and match id <= atMatch. At a
   * match id that is the book just after that trade: an incoming order still matching is not
   * on the book yet.
   */
  public static ObjectNode rebuild(JournalDatabase db, String symbol, long atSeq, long atMatch) throws Exception {
    OrderBook book = new OrderBook();
    long[] last = {0};
    read(db, symbol, (seq, e) -> {
      if (seq > atSeq || (e instanceof TradeExecuted t && t.matchId() > atMatch)) {
        return false;
      }
      book.apply(e);
      last[0] = seq;
      return true;
    });
    ObjectNode out = JSON.createObjectNode().put("symbol", symbol).put("sequenceNr", last[0])
        .put("lastMatchId", book.lastMatchId()).put("nextOrderId", book.nextOrderId());
    for (Side side : Side.values()) {
      ArrayNode orders = out.putArray(side == Side.BUY ? "bids" : "asks");
      for (OrderView o : book.restingOrders(side)) {
        orders.add(JSON.valueToTree(o));
      }
    }
    return out;
  }
}
