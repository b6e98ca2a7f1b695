package bookshard.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import bookshard.book.BookEvent.OrderAccepted;
import bookshard.book.BookEvent.OrderCancelled;
import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.CancelReason;
import bookshard.book.OrderType;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import java.util.List;
import org.junit.jupiter.api.Test;
import quickfix.Message;

/** One book's orders as FIX sees them: the reports' quantities and prices, and what the view keeps. */
class FixOrdersTest {
  private static final long AT = 1_767_225_600_123L; // 2026-01-01T00:00:00.123Z

  private final FixOrders orders = new FixOrders("BTC-USD", "alice"::equals);

  private static OrderAccepted buy(long orderId, String clOrdId, long lots) {
    return new OrderAccepted(orderId, "alice", clOrdId, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 101, lots, AT, 0, 0);
  }

  private static TradeExecuted fill(long matchId, long takerOrderId, long price, long lots, boolean done) {
    return new TradeExecuted(matchId, price, lots, 900 + matchId, takerOrderId, "bob", "alice", Side.BUY, AT, "b",
        "c1", false, done);
  }

  @Test
  void reportsCarryTheJournalsQuantitiesAndTheAveragePriceOfTheFills() throws Exception {
    Message accepted = single(orders.apply(1, buy(7, "c1", 3)));
    assertEquals("8", accepted.getHeader().getString(35));
    assertFields(accepted, "150=0", "151=3", "60=20260101-00:00:00.123");

    assertFields(single(orders.apply(2, fill(41, 7, 100, 1, false))),
        "150=F", "14=1", "151=2", "6=100", "527=41", "17=BTC-USD-2-T");
    assertFields(single(orders.apply(3, fill(42, 7, 101, 2, true))),
        "39=2", "14=3", "151=0", "6=100.66666667", "31=101", "32=2");
  }

  /** Each {@code tag=value} is in the message's body. */
  private static void assertFields(Message m, String... fields) throws Exception {
    for (String f : fields) {
      int eq = f.indexOf('=');
      assertEquals(f.substring(eq + 1), m.getString(Integer.parseInt(f.substring(0, eq))), "tag " + f.substring(0, eq));
    }
  }

  @Test
  void theClOrdIdsOfFinishedOrdersAreForgottenWithThem() {
    int orders = 10_005;
    for (int i = 1; i <= orders; i++) {
      this.orders.apply(2L * i, buy(i, "c" + i, 1));
      this.orders.apply(2L * i + 1, new OrderCancelled(i, 1, CancelReason.USER, AT, "alice", "c" + i));
    }
    assertNull(this.orders.orderIdOf("alice", "c1"));
    assertNull(this.orders.get(1));
    assertEquals(orders, this.orders.orderIdOf("alice", "c" + orders));
    assertEquals("4", String.valueOf(this.orders.get(orders).status));
  }

  private static Message single(List<FixOrders.Report> reports) {
    assertEquals(1, reports.size());
    assertEquals("alice", reports.get(0).account());
    return reports.get(0).message();
  }
}
