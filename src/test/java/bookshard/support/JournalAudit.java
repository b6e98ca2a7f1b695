package bookshard.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bookshard.book.BookEvent.OrderAccepted;
import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.BookEvent;
import bookshard.book.OrderBook;
import bookshard.book.Side;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * The journal as the judge of a cluster test: every acknowledged order of a book is in it,
 * no submission is in it twice, its match ids are 1..N, and the book rebuilt from it equals the
 * live book.
 */
public final class JournalAudit {
  private JournalAudit() {}

  /** An acknowledgement a client received. */
  public record Ack(String symbol, String account, String clientOrderId, long orderId) {}

  public record Verdict(long lost, long duplicated, long trades) {}

  public static Verdict check(LocalCluster cluster, int readVia, String symbol, Collection<Ack> acks) throws Exception {
    long duplicated = 0;
    long lost = 0;
    Set<String> submissions = new HashSet<>();
    Map<Long, String> accepted = new HashMap<>();
    List<Long> matchIds = new ArrayList<>();
    OrderBook rebuilt = new OrderBook();
    for (BookEvent e : journal(cluster, symbol)) {
      rebuilt.apply(e);
      if (e instanceof OrderAccepted a) {
        accepted.put(a.orderId(), a.clientOrderId());
        if (!submissions.add(a.account() + "/" + a.clientOrderId())) {
          duplicated++;
        }
      } else if (e instanceof TradeExecuted t) {
        matchIds.add(t.matchId());
      }
    }
    assertEquals(LongStream.rangeClosed(1, matchIds.size()).boxed().toList(), matchIds, symbol + " match ids");
    for (Ack a : acks) {
      if (a.symbol().equals(symbol) && !a.clientOrderId().equals(accepted.get(a.orderId()))) {
        lost++;
      }
    }
    JsonNode live = cluster.api(readVia).get("/books/" + symbol + "/orders").body();
    assertEquals(describe(rebuilt, Side.BUY), describe(live.get("bids")), symbol + " bids: journal vs live");
    assertEquals(describe(rebuilt, Side.SELL), describe(live.get("asks")), symbol + " asks: journal vs live");
    return new Verdict(lost, duplicated, matchIds.size());
  }

  private static List<BookEvent> journal(LocalCluster cluster, String symbol) throws Exception {
    return JournalRows.events(cluster.journal(), symbol);
  }

  private static List<String> describe(OrderBook book, Side side) {
    return book.restingOrders(side).stream().map(o -> o.orderId() + "@" + o.priceTicks() + "x" + o.remainingLots()).toList();
  }

  private static List<String> describe(JsonNode orders) {
    List<String> out = new ArrayList<>();
    orders.forEach(o -> out.add(o.get("orderId").asLong() + "@" + o.get("priceTicks").asLong() + "x"
        + o.get("remainingLots").asLong()));
    return out;
  }
}
