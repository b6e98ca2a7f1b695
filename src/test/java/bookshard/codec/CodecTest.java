package bookshard.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bookshard.book.BookEvent.OrderAccepted;
import bookshard.book.BookEvent.OrderCancelled;
import bookshard.book.BookEvent.OrderReduced;
import bookshard.book.BookEvent.OrderReplaced;
import bookshard.book.BookEvent.OrderRested;
import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.BookEvent;
import bookshard.book.BookState;
import bookshard.book.CancelReason;
import bookshard.book.NewOrder;
import bookshard.book.OrderType;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import bookshard.codec.fb.FbEvent;
import bookshard.codec.fb.FbEventEnvelope;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecTest {
  static final List<BookEvent> EVERY_EVENT = List.of(
      new OrderAccepted(1, "alice", "c-1", Side.SELL, OrderType.LIMIT, TimeInForce.POST_ONLY, 100, 7, 11),
      new OrderAccepted(2, "bob", null, Side.BUY, OrderType.MARKET, TimeInForce.FOK, 0, 3, 12),
      new OrderAccepted(9, "bob", "c-9", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 98, 3, 12).withHoldAttempt("k3-9"),
      new BookEvent.HoldAbandoned("bob", "c-8", 12, "k3-8"),
      new BookEvent.HoldAbandoned("bob", "c-7", 12),
      new TradeExecuted(1, 100, 3, 1, 2, "alice", "bob", Side.BUY, 12, "c-1", null, false, true),
      new TradeExecuted(2, 100, 4, 1, 3, "alice", "carol", Side.BUY, 12, null, "c-3", true, false),
      new OrderRested(1, Side.SELL, 100, 4),
      new OrderCancelled(1, 4, CancelReason.SELF_TRADE_PREVENTION, 13, "alice", "c-1", Side.SELL, 100, true),
      new OrderCancelled(2, 1, CancelReason.UNFILLED_REMAINDER, 13, "bob", null, Side.BUY, 0, false),
      new OrderCancelled(3, 2, CancelReason.USER, 14, "carol", "c-3", Side.BUY, 97, true),
      new OrderReduced(4, 2, 15, "dave", "c-4", Side.SELL, 101, 5),
      new OrderReplaced(5, 99, 8, 16, "erin", null, Side.BUY, 97, 3),
      // As rows written after events named their orders, before they located them, read.
      new OrderRested(10),
      new OrderCancelled(11, 4, CancelReason.USER, 13, "alice", "c-1"),
      new OrderReduced(12, 2, 15, "dave", "c-4", Side.SELL, 101),
      new OrderReplaced(13, 99, 8, 16, "erin", null, Side.BUY),
      // As rows written before events named their orders read.
      new TradeExecuted(3, 100, 3, 1, 2, "alice", "bob", Side.SELL, 12, null, null, false, false),
      new OrderCancelled(6, 2, CancelReason.USER, 14, null, null),
      new OrderReduced(7, 2, 15, null, null, Side.BUY, 0),
      new OrderReplaced(8, 99, 8, 16, null, null, Side.BUY));

  @Test
  void rowsWrittenBeforeEventsNamedTheirOrdersAreToldApart() {
    for (BookEvent e : EVERY_EVENT) {
      boolean old = e instanceof TradeExecuted t ? t.matchId() == 3 : e instanceof OrderCancelled c ? c.orderId() == 6
          : e instanceof OrderReduced r ? r.orderId() == 7 : e instanceof OrderReplaced p && p.orderId() == 8;
      assertEquals(!old, BookEvent.namesOrders(EventCodec.decode(EventCodec.encode(e))), e.toString());
    }
  }

  @Test
  void rowsWrittenBeforeEventsLocatedTheirOrdersAreToldApart() {
    for (BookEvent e : EVERY_EVENT) {
      boolean old = e instanceof TradeExecuted t ? t.matchId() == 3
          : e instanceof OrderRested || e instanceof OrderCancelled || e instanceof OrderReduced
              || e instanceof OrderReplaced ? orderId(e) >= 6 : false;
      assertEquals(!old, BookEvent.locatesOrders(EventCodec.decode(EventCodec.encode(e))), e.toString());
    }
  }

  private static long orderId(BookEvent e) {
    return e instanceof OrderRested r ? r.orderId() : e instanceof OrderCancelled c ? c.orderId()
        : e instanceof OrderReduced r ? r.orderId() : ((OrderReplaced) e).orderId();
  }

  @Test
  void everyEventRoundTrips() {
    for (BookEvent e : EVERY_EVENT) {
      assertEquals(e, EventCodec.decode(EventCodec.encode(e)));
    }
  }

  @Test
  void bytesAreReadableWithTheGeneratedClassesAlone() {
    var t = new TradeExecuted(42, 100, 3, 1, 2, "alice", "bob", Side.SELL, 12, null, "b-9", true, false);
    FbEventEnvelope env = FbEventEnvelope.getRootAsFbEventEnvelope(ByteBuffer.wrap(EventCodec.encode(t)));
    assertEquals(FbEvent.FbTradeExecuted, env.eventType());
    var fb = (bookshard.codec.fb.FbTradeExecuted) env.event(new bookshard.codec.fb.FbTradeExecuted());
    assertEquals(42, fb.matchId());
    assertEquals("bob", fb.takerAccount());
    assertEquals(bookshard.codec.fb.FbSide.SELL, fb.takerSide());
    assertEquals("b-9", fb.takerClientOrderId());
    assertTrue(fb.makerDone());
  }

  @Test
  void foreignBytesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> EventCodec.decode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
    assertThrows(IllegalArgumentException.class, () -> SnapshotCodec.decode(EventCodec.encode(new OrderRested(1)), 10));
  }

  @Test
  void snapshotRoundTripsTheWholeBook() {
    BookState state = BookState.empty(5);
    long clock = 1;
    String[] accounts = {"a", "b", "c"};
    for (int i = 0; i < 400; i++) {
      List<BookEvent> events = new ArrayList<>();
      Side side = i % 2 == 0 ? Side.BUY : Side.SELL;
      String clientOrderId = i % 3 == 0 ? "c" + i : null;
      state.book().place(new NewOrder(accounts[i % 3], clientOrderId, side, OrderType.LIMIT, TimeInForce.GTC,
          95 + (i * 7) % 11, 1 + i % 5), clock++, events);
      events.forEach(state::apply);
    }
    // Some leave by cancel (a reason to keep), one of them a stop that never triggered.
    List<BookEvent> stop = new ArrayList<>();
    state.book().place(new NewOrder("a", "stop-1", Side.SELL, OrderType.STOP, TimeInForce.IOC, 0, 2, 50, 0),
        clock++, stop);
    assertTrue(stop.get(0) instanceof OrderAccepted, String.valueOf(stop));
    stop.forEach(state::apply);
    List<Long> leaving = new ArrayList<>(List.of(((OrderAccepted) stop.get(0)).orderId()));
    state.book().restingOrders(Side.BUY).stream().limit(5).forEach(o -> leaving.add(o.orderId()));
    for (long id : leaving) {
      var o = state.book().liveOrder(id);
      state.apply(new OrderCancelled(id, o.remainingLots(), CancelReason.USER, clock++, o.account(), o.clientOrderId()));
    }
    BookState back = SnapshotCodec.decode(SnapshotCodec.encode(state), 5);
    // The depth stream reads the levels alone; a snapshot of this version keeps no orders for old rows.
    bookshard.book.DepthBook depth = SnapshotCodec.decodeDepth(SnapshotCodec.encode(state));
    for (Side s : Side.values()) {
      assertEquals(state.book().depth(s), depth.depth(s));
    }
    long resting = state.book().restingOrders(Side.SELL).get(0).orderId();
    assertThrows(IllegalStateException.class, () -> depth.apply(new OrderRested(resting)));
    assertTrue(state.finished().all().stream().anyMatch(f -> f.reason() == CancelReason.USER && f.order().stopPriceTicks() == 50),
        "a cancelled stop (its stop price kept) is among the finished orders");
    assertTrue(state.finished().all().stream().anyMatch(f -> f.reason() == null));
    // Snapshots written before finished orders were packed still read.
    assertEquals(state.finished().all(), SnapshotCodec.decode(tabledFinishedOnly(state), 5).finished().all());
    for (Side s : Side.values()) {
      assertEquals(state.book().restingOrders(s), back.book().restingOrders(s));
    }
    assertEquals(state.book().nextMatchId(), back.book().nextMatchId());
    assertEquals(state.book().nextOrderId(), back.book().nextOrderId());
    assertEquals(state.recentTrades().all(), back.recentTrades().all());
    assertEquals(5, back.recentTrades().all().size());
    assertTrue(state.finished().size() > 0);
    assertEquals(state.finished().all(), back.finished().all(), "finished orders survive a snapshot");
    assertEquals(state.book().orderByClientOrderId("a", "c0"), back.book().orderByClientOrderId("a", "c0"));
    // The restored book goes on exactly as the original: same events for the same commands.
    for (int i = 0; i < 200; i++) {
      Side side = i % 2 == 0 ? Side.SELL : Side.BUY;
      NewOrder o = new NewOrder(accounts[(i + 1) % 3], i % 7 == 0 ? "d" + i : null, side, OrderType.LIMIT,
          TimeInForce.GTC, 93 + (i * 5) % 15, 1 + i % 9);
      List<BookEvent> original = new ArrayList<>();
      List<BookEvent> restored = new ArrayList<>();
      state.book().place(o, clock, original);
      back.book().place(o, clock++, restored);
      assertEquals(original, restored, "command " + i);
      original.forEach(state::apply);
      restored.forEach(back::apply);
    }
  }

  /** A snapshot as writers before the packed layout wrote its finished orders: a table each. */
  private static byte[] tabledFinishedOnly(BookState state) {
    com.google.flatbuffers.FlatBufferBuilder b = new com.google.flatbuffers.FlatBufferBuilder(1024);
    int[] offsets = state.finished().all().stream().mapToInt(f -> SnapshotCodec.encodeFinished(b, f)).toArray();
    int vector = bookshard.codec.fb.FbBookSnapshot.createFinishedOrdersVector(b, offsets);
    bookshard.codec.fb.FbBookSnapshot.startFbBookSnapshot(b);
    bookshard.codec.fb.FbBookSnapshot.addFinishedOrders(b, vector);
    bookshard.codec.fb.FbBookSnapshot.finishFbBookSnapshotBuffer(b, bookshard.codec.fb.FbBookSnapshot.endFbBookSnapshot(b));
    return b.sizedByteArray();
  }
}
