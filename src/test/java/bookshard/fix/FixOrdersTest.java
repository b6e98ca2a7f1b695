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
    assertEquals("0", accepted.getString(150));
    assertEquals("3", accepted.getString(151));
    assertEquals("20260101-00:00:00.123", accepted.getString(60));

    Message first = single(orders.apply(2, fill(41, 7, 100, 1, false)));
    assertEquals("F", first.getString(150));
    assertEquals("1", first.getString(14));
    assertEquals("2", first.getString(151));
    assertEquals("100", first.getString(6));
    assertEquals("41", first.getString(527));
    assertEquals("BTC-USD-2-T", first.getString(17));

    Message last = single(orders.apply(3, fill(42, 7, 101, 2, true)));
    assertEquals("2", last.getString(39));
    assertEquals("3", last.getString(14));
    assertEquals("0", last.getString(151));
    assertEquals("100.66666667", last.getString(6));
    assertEquals("101", last.getString(31));
    assertEquals("2", last.getString(32));
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
