package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.protocol.BookReply;
import bookshard.protocol.BookRequest;
import bookshard.support.Backend;
import bookshard.support.ChildNode;
import bookshard.support.FixClient;
import bookshard.support.TestNodes;
import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.field.Account;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.CxlRejReason;
import quickfix.field.ExecType;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.MassCancelRequestType;
import quickfix.field.MsgType;
import quickfix.field.OrdRejReason;
import quickfix.field.OrdStatus;
import quickfix.field.OrdType;
import quickfix.field.OrderID;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.Price;
import quickfix.field.SecondaryExecID;
import quickfix.field.Side;
import quickfix.field.StopPx;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.field.TimeInForce;
import quickfix.field.TotalAffectedOrders;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;
import quickfix.fix44.OrderCancelReplaceRequest;
import quickfix.fix44.OrderCancelRequest;
import quickfix.fix44.OrderMassCancelRequest;
import quickfix.fix44.OrderStatusRequest;

/**
 * FIX 4.4 order entry end to end: two counterparties (ALICE trades for alice; BOB for bob and
 * bob2) against a node's gateway, on both journals. Every state change comes back as an
 * ExecutionReport whose CumQty and LeavesQty are the book's; a resent ClOrdID makes no second
 * order; bad tags are named; and a restarted node resumes both sessions without a gap, the
 * fill that happened while ALICE was away reaching her on resend.
 */
class FixGatewayTest {
  private static final String SYMBOL = "BTC-USD";

  @ParameterizedTest
  @EnumSource(Backend.class)
  void ordersComeBackAsExecutionReportsAndSessionsSurviveARestart(Backend backend) throws Exception {
    Path dir = Files.createTempDirectory("fix");
    Config journal = backend.freshJournal(dir);
    int port = ChildNode.freePort();
    String fix = "bookshard.fix { enabled = on, port = " + port + ", sessions = ["
        + "{ target-comp-id = ALICE, accounts = [alice] }, { target-comp-id = BOB, accounts = [bob, bob2] } ] }\n"
        + "bookshard.instruments.rules.\"BTC-USD\".max-quantity = 1000\n";
    long restingId;
    try (BookshardNode node = TestNodes.start(journal, fix);
        FixClient alice = new FixClient(port, "ALICE", dir.resolve("alice"));
        FixClient bob = new FixClient(port, "BOB", dir.resolve("bob"))) {
      assertEquals(port, node.fixPort());

      // A resting sell, then a buy that takes 3 of its 5 lots.
      alice.send(limit("a1", Side.SELL, 100, 5, TimeInForce.GOOD_TILL_CANCEL, null));
      Message aNew = alice.next(MsgType.EXECUTION_REPORT);
      assertReport(aNew, ExecType.NEW, OrdStatus.NEW, 0, 5);
      String orderId = aNew.getString(OrderID.FIELD);
      assertEquals("a1", aNew.getString(ClOrdID.FIELD));

      bob.send(limit("b1", Side.BUY, 100, 3, TimeInForce.IMMEDIATE_OR_CANCEL, "bob"));
      assertReport(bob.next(MsgType.EXECUTION_REPORT), ExecType.NEW, OrdStatus.NEW, 0, 3);
      Message bobFill = bob.next(MsgType.EXECUTION_REPORT);
      assertReport(bobFill, ExecType.TRADE, OrdStatus.FILLED, 3, 0);
      assertEquals(100, bobFill.getDouble(LastPx.FIELD));
      assertEquals(3, bobFill.getDouble(LastQty.FIELD));
      assertEquals("1", bobFill.getString(SecondaryExecID.FIELD), "the match id");
      Message aliceFill = alice.next(MsgType.EXECUTION_REPORT);
      assertReport(aliceFill, ExecType.TRADE, OrdStatus.PARTIALLY_FILLED, 3, 2);
      assertEquals("1", aliceFill.getString(SecondaryExecID.FIELD));

      // The same NewOrderSingle again: the order's status, and still one order of 2 lots left.
      alice.send(limit("a1", Side.SELL, 100, 5, TimeInForce.GOOD_TILL_CANCEL, null));
      Message again = alice.next(MsgType.EXECUTION_REPORT);
      assertReport(again, ExecType.ORDER_STATUS, OrdStatus.PARTIALLY_FILLED, 3, 2);
      assertEquals(orderId, again.getString(OrderID.FIELD));
      BookReply.RestingOrders resting = (BookReply.RestingOrders) node.books()
          .read(SYMBOL, new BookRequest.GetRestingOrders("alice", 10)).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(1, resting.asks().size());
      assertEquals(2, resting.asks().get(0).remainingLots());

      // Replace to 4 in all (3 filled, 1 left), then cancel by the new ClOrdID.
      OrderCancelReplaceRequest replace = new OrderCancelReplaceRequest(new OrigClOrdID("a1"), new ClOrdID("a2"),
          new Side(Side.SELL), new TransactTime(LocalDateTime.now()), new OrdType(OrdType.LIMIT));
      replace.set(new Symbol(SYMBOL));
      replace.set(new OrderQty(4));
      replace.set(new Price(100));
      alice.send(replace);
      Message replaced = alice.next(MsgType.EXECUTION_REPORT);
      assertReport(replaced, ExecType.REPLACED, OrdStatus.PARTIALLY_FILLED, 3, 1);
      assertEquals("a2", replaced.getString(ClOrdID.FIELD));
      assertEquals("a1", replaced.getString(OrigClOrdID.FIELD));
      assertEquals(4, replaced.getDouble(OrderQty.FIELD));

      alice.send(cancel("a3", "a2", Side.SELL));
      Message cancelled = alice.next(MsgType.EXECUTION_REPORT);
      assertReport(cancelled, ExecType.CANCELED, OrdStatus.CANCELED, 3, 0);
      assertEquals("a3", cancelled.getString(ClOrdID.FIELD));
      assertEquals("a2", cancelled.getString(OrigClOrdID.FIELD));
      alice.send(cancel("a4", "a2", Side.SELL));
      Message cxlReject = alice.next(MsgType.ORDER_CANCEL_REJECT);
      assertEquals(CxlRejReason.UNKNOWN_ORDER, cxlReject.getInt(CxlRejReason.FIELD));

      // Bad input names its tag, and changes nothing.
      alice.send(limit("a5", Side.SELL, 100, 1, TimeInForce.GOOD_TILL_CANCEL, null));
      Message half = alice.next(MsgType.EXECUTION_REPORT);
      assertReport(half, ExecType.NEW, OrdStatus.NEW, 0, 1);
      NewOrderSingle fractional = limit("a6", Side.SELL, 100, 1, TimeInForce.GOOD_TILL_CANCEL, null);
      fractional.set(new Price(100.5));
      assertRejected(alice, fractional, "Price(44)");
      assertRejected(alice, limit("a7", Side.SELL, 100, 1, TimeInForce.GOOD_TILL_CANCEL, "bob"), "Account(1)");
      NewOrderSingle stopWithPrice = limit("a8", Side.SELL, 100, 1, TimeInForce.IMMEDIATE_OR_CANCEL, null);
      stopWithPrice.set(new OrdType(OrdType.STOP_STOP_LOSS));
      stopWithPrice.set(new StopPx(90));
      assertRejected(alice, stopWithPrice, "Price(44)");
      Message tooBig = assertRejected(alice, limit("a9", Side.SELL, 100, 5_000, TimeInForce.GOOD_TILL_CANCEL,
          null), "QUANTITY_ABOVE_MAX OrderQty(38)");
      assertEquals(OrdRejReason.ORDER_EXCEEDS_LIMIT, tooBig.getInt(OrdRejReason.FIELD));
      assertRejected(bob, limit("b2", Side.BUY, 90, 1, TimeInForce.GOOD_TILL_CANCEL, null), "Account(1): required");

      // A mass cancel reaches every account of the session: 3 orders, 3 Canceled reports.
      bob.send(limit("b3", Side.BUY, 90, 1, TimeInForce.GOOD_TILL_CANCEL, "bob"));
      bob.send(limit("b4", Side.BUY, 91, 1, TimeInForce.GOOD_TILL_CANCEL, "bob"));
      bob.send(limit("b5", Side.BUY, 92, 1, TimeInForce.GOOD_TILL_CANCEL, "bob2"));
      for (int i = 0; i < 3; i++) {
        assertReport(bob.next(MsgType.EXECUTION_REPORT), ExecType.NEW, OrdStatus.NEW, 0, 1);
      }
      OrderMassCancelRequest massCancel = new OrderMassCancelRequest(new ClOrdID("b6"),
          new MassCancelRequestType(MassCancelRequestType.CANCEL_ALL_ORDERS), new TransactTime(LocalDateTime.now()));
      bob.send(massCancel);
      List<Message> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Message m = bob.poll(30_000);
        assertTrue(m != null, "the mass cancel's report and 3 Canceled reports");
        answers.add(m);
      }
      Message report = answers.stream().filter(m -> type(m).equals(MsgType.ORDER_MASS_CANCEL_REPORT)).findFirst()
          .orElseThrow();
      assertEquals(3, report.getInt(TotalAffectedOrders.FIELD));
      assertEquals(3, answers.stream().filter(m -> type(m).equals(MsgType.EXECUTION_REPORT)).count());

      // Status by ClOrdID of a finished order.
      OrderStatusRequest status = new OrderStatusRequest(new ClOrdID("a3"), new Side(Side.SELL));
      status.set(new Symbol(SYMBOL));
      alice.send(status);
      assertReport(alice.next(MsgType.EXECUTION_REPORT), ExecType.ORDER_STATUS, OrdStatus.CANCELED, 3, 0);
      restingId = Long.parseLong(half.getString(OrderID.FIELD));
      assertNull(alice.poll(200), "nothing else for ALICE");
    }

    // A restarted node: both sessions go on from their sequence numbers, and a fill made while
    // ALICE was not connected reaches her when she logs on again.
    try (BookshardNode node = TestNodes.start(journal, fix);
        FixClient bob = new FixClient(port, "BOB", dir.resolve("bob"))) {
      bob.send(limit("b7", Side.BUY, 100, 1, TimeInForce.IMMEDIATE_OR_CANCEL, "bob"));
      assertReport(bob.next(MsgType.EXECUTION_REPORT), ExecType.NEW, OrdStatus.NEW, 0, 1);
      assertReport(bob.next(MsgType.EXECUTION_REPORT), ExecType.TRADE, OrdStatus.FILLED, 1, 0);
      try (FixClient alice = new FixClient(port, "ALICE", dir.resolve("alice"))) {
        Message missed = alice.next(MsgType.EXECUTION_REPORT);
        assertReport(missed, ExecType.TRADE, OrdStatus.FILLED, 1, 0);
        assertEquals(Long.toString(restingId), missed.getString(OrderID.FIELD));
        assertEquals("2", missed.getString(SecondaryExecID.FIELD), "the book's second trade");
      }
    }
  }

  private static NewOrderSingle limit(String clOrdId, char side, long price, long quantity, char tif, String account) {
    NewOrderSingle m = new NewOrderSingle(new ClOrdID(clOrdId), new Side(side), new TransactTime(LocalDateTime.now()),
        new OrdType(OrdType.LIMIT));
    m.set(new Symbol(SYMBOL));
    m.set(new Price(price));
    m.set(new OrderQty(quantity));
    m.set(new TimeInForce(tif));
    if (account != null) {
      m.set(new Account(account));
    }
    return m;
  }

  private static OrderCancelRequest cancel(String clOrdId, String orig, char side) {
    OrderCancelRequest m = new OrderCancelRequest(new OrigClOrdID(orig), new ClOrdID(clOrdId), new Side(side),
        new TransactTime(LocalDateTime.now()));
    m.set(new Symbol(SYMBOL));
    return m;
  }

  private static void assertReport(Message er, char execType, char ordStatus, long cum, long leaves) throws FieldNotFound {
    String shown = er.toString().replace('\u0001', '|');
    assertEquals(execType, er.getChar(ExecType.FIELD), shown);
    assertEquals(ordStatus, er.getChar(OrdStatus.FIELD), shown);
    assertEquals(cum, er.getDouble(CumQty.FIELD), shown);
    assertEquals(leaves, er.getDouble(LeavesQty.FIELD), shown);
  }

  private static Message assertRejected(FixClient client, Message order, String textStart) throws Exception {
    client.send(order);
    Message er = client.next(MsgType.EXECUTION_REPORT);
    assertReport(er, ExecType.REJECTED, OrdStatus.REJECTED, 0, 0);
    assertTrue(er.getString(Text.FIELD).startsWith(textStart), er.getString(Text.FIELD));
    return er;
  }

  private static String type(Message m) {
    try {
      return m.getHeader().getString(MsgType.FIELD);
    } catch (FieldNotFound e) {
      throw new IllegalStateException(e);
    }
  }
}
