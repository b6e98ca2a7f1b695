package bookshard.codec;

import bookshard.protocol.AccountCommand;
import bookshard.protocol.AccountRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.LevelView;
import bookshard.book.NewOrder;
import bookshard.book.OrderStatus;
import bookshard.book.OrderType;
import bookshard.book.OrderView;
import bookshard.book.Outcome;
import bookshard.book.RejectReason;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import bookshard.node.NodeConfig;
import bookshard.protocol.BookCommand;
import bookshard.protocol.BookReply;
import bookshard.protocol.BookRequest;
import com.typesafe.config.ConfigFactory;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every message that may cross nodes goes through bookshard's FlatBuffers serializer and back. */
class SerializerTest {
  private static ActorTestKit kit;
  private static Serialization serialization;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("serializer", NodeConfig.load(ConfigFactory.parseString(
        "pekko.remote.artery.canonical.port = 0\npekko.loglevel = WARNING")));
    serialization = SerializationExtension.get(Adapter.toClassic(kit.system()));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @SuppressWarnings("unchecked")
  static List<Object> everyMessage(ActorRef<BookReply> ref) {
    ActorRef<bookshard.protocol.AccountReply> accountRef = (ActorRef<bookshard.protocol.AccountReply>) (ActorRef<?>) ref;
    TradeExecuted t = new TradeExecuted(3, 100, 2, 1, 2, "a", "b", Side.BUY, 99, "a-1", null, true, false);
    OrderView v = new OrderView(7, "acc", "cid", Side.SELL, OrderType.LIMIT, TimeInForce.POST_ONLY, 101, 10, 4, 6, 5);
    OrderView plain = new OrderView(8, "acc", null, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 99, 1, 1, 0, 6);
    List<Object> all = new ArrayList<>(List.of(
        new BookCommand(new BookRequest.Place(new NewOrder("acc", "c-1", Side.BUY, OrderType.LIMIT, TimeInForce.FOK, 100, 5)), ref),
        new BookCommand(new BookRequest.Place(new NewOrder("acc", null, Side.SELL, OrderType.MARKET, TimeInForce.IOC, 0, 5)), ref),
        new BookCommand(new BookRequest.Cancel(9, "acc"), ref),
        new BookCommand(new BookRequest.CancelByClientOrderId("acc", "c-9"), ref),
        new BookCommand(new BookRequest.CancelAll("acc"), ref),
        new BookCommand(new BookRequest.Place(new NewOrder("acc", "c-2", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 5), "k3-9"), ref),
        new BookCommand(new BookRequest.Place(new NewOrder("acc", "c-2", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 5), "k3-9",
            1_796_297_342_161L), ref),
        new BookCommand(new BookRequest.AbandonHold("acc", "c-2", "k3-9"), ref),
        new BookCommand(new BookRequest.AbandonHold("acc", "c-2"), ref),
        new BookCommand(new BookRequest.Batch(List.of(
            new BookRequest.Batch.Item(7, new BookRequest.Place(new NewOrder("acc", "c-3", Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 101, 2), "k3-10")),
            new BookRequest.Batch.Item(8, new BookRequest.Cancel(9, "acc")),
            new BookRequest.Batch.Item(9, new BookRequest.GetBook(5)))), ref),
        new BookReply.Replies(List.of(
            new BookReply.Replies.Item(7, new BookReply.Accepted(new Outcome(2, OrderStatus.RESTING, 5, List.of()), false)),
            new BookReply.Replies.Item(8, new BookReply.Rejected(RejectReason.UNKNOWN_ORDER)),
            new BookReply.Replies.Item(9, new BookReply.Overloaded()))),
        new BookCommand(new BookRequest.Amend(9, "acc", 0, 3), ref),
        new BookCommand(new BookRequest.GetBook(25), ref),
        new BookCommand(new BookRequest.GetOrder(9), ref),
        new BookCommand(new BookRequest.GetRestingOrders(null, 100), ref),
        new BookCommand(new BookRequest.GetRestingOrders("acc", 5), ref),
        new BookCommand(new BookRequest.GetTrades(17, 50), ref),
        new BookCommand(new BookRequest.GetTrades(BookRequest.LATEST, 5), ref),
        new BookReply.Accepted(new Outcome(2, OrderStatus.FILLED, 0, List.of(t)), false),
        new BookReply.Accepted(new Outcome(2, OrderStatus.RESTING, 5, List.of()), true),
        new BookReply.Book(List.of(new LevelView(99, 5, 2), new LevelView(98, 1, 1)), List.of(new LevelView(101, 4, 1)),
            3, "pekko://bookshard@127.0.0.1:25520", 42),
        new BookReply.Order(v),
        new BookReply.RestingOrders(List.of(plain), List.of(v), 9, 4, List.of()),
        new BookReply.RestingOrders(List.of(), List.of(), 9, 4, List.of(new OrderView(7, "acc", "s-1", Side.SELL,
            OrderType.STOP_LIMIT, TimeInForce.GTD, 95, 10, 10, 0, 1000, 97, 5000, true))),
        new BookCommand(new BookRequest.Place(new NewOrder("acc", "c-9", Side.BUY, OrderType.STOP, TimeInForce.IOC, 0, 4, 120, 0)), ref),
        new BookCommand(new BookRequest.Place(new NewOrder("acc", null, Side.SELL, OrderType.LIMIT, TimeInForce.GTD, 100, 4, 0, 99_000)), ref),
        new BookReply.Accepted(new Outcome(7, OrderStatus.STOP_WAITING, 10, List.of()), false),
        new BookReply.Rejected(RejectReason.WOULD_TRIGGER_IMMEDIATELY),
        new bookshard.protocol.AccountEvent.Deposited("USD", 500, "d-1"),
        new bookshard.protocol.AccountEvent.Withdrawn("BTC", 7, "w-1"),
        new AccountCommand(new AccountRequest.Deposit("USD", 500, "d-1"), accountRef),
        new AccountCommand(new AccountRequest.Withdraw("BTC", 7, "w-1"), accountRef),
        new AccountCommand(new AccountRequest.GetBalances(), accountRef),
        new AccountCommand(new AccountRequest.Hold("BTC-USD:7", "USD", 5000), accountRef),
        new AccountCommand(new AccountRequest.Release("BTC-USD:7", "BTC-USD:7:rel"), accountRef),
        new AccountCommand(new AccountRequest.Settle("BTC-USD:7", "BTC-USD:3:B", 2000, "BTC", 19), accountRef),
        new AccountCommand(new AccountRequest.Credit("BTC", 1, "BTC-USD:3:fB"), accountRef),
        new AccountCommand(new AccountRequest.Apply(List.of(
            new AccountRequest.Settle("BTC-USD:a:c1", "BTC-USD:3:B", 2000, "BTC", 19, new AccountRequest.Origin("BTC-USD", 48)),
            new AccountRequest.Release("BTC-USD:a:c1", "BTC-USD:7:rel", 400, new AccountRequest.Origin("BTC-USD", 53)),
            new AccountRequest.Credit("USD", 4, "BTC-USD:3:fQ", new AccountRequest.Origin("BTC-USD", 51)),
            new AccountRequest.Bind("BTC-USD:a:c1@k-1", "BTC-USD:a:c1#7", "BTC-USD:7:bind",
                new AccountRequest.Origin("BTC-USD", 112)))), accountRef),
        new bookshard.protocol.AccountReply.Applied(List.of("", "UNKNOWN_HOLD", "")),
        new bookshard.protocol.AccountEvent.Held("USD", 5000, "BTC-USD:7"),
        new bookshard.protocol.AccountEvent.Released("USD", 3000, "BTC-USD:7:rel", "BTC-USD:7"),
        new bookshard.protocol.AccountEvent.Settled("USD", 2000, "BTC-USD:3:B", "BTC-USD:7", "BTC", 19),
        new bookshard.protocol.AccountEvent.Credited("BTC", 1, "BTC-USD:3:fB"),
        new bookshard.protocol.AccountEventBatch(List.of(
            new bookshard.protocol.AccountEvent.Held("USD", 5000, "BTC-USD:a:c1"),
            new bookshard.protocol.AccountEvent.Settled("USD", 2000, "BTC-USD:3:B", "BTC-USD:a:c1", "BTC", 19,
                new bookshard.protocol.AccountRequest.Origin("BTC-USD", 48)),
            new bookshard.protocol.AccountEvent.Credited("BTC", 1, "BTC-USD:3:fB",
                new bookshard.protocol.AccountRequest.Origin("BTC-USD", 50)),
            new bookshard.protocol.AccountEvent.Bound("USD", 3000, "BTC-USD:7:bind", "BTC-USD:a:c1@k-1", "BTC-USD:a:c1#7",
                new bookshard.protocol.AccountRequest.Origin("BTC-USD", 112)))),
        new bookshard.protocol.AccountReply.Balances(java.util.Map.of("USD",
            new bookshard.protocol.AccountReply.Balance(493, 0)), true),
        new bookshard.protocol.AccountReply.Refused("INSUFFICIENT_FUNDS", java.util.Map.of()),
        new BookReply.Trades(List.of(t), 3, 1),
        new BookReply.Overloaded(),
        new BookReply.MassCancelled(java.util.List.of(3L, 9L, 12L)),
        new BookReply.MassCancelled(java.util.List.of()),
        new BookReply.FinishedOrder(new bookshard.book.FinishedOrders.Finished(plain, OrderStatus.FILLED, null, 77)),
        new BookReply.FinishedOrder(new bookshard.book.FinishedOrders.Finished(v, OrderStatus.CANCELLED,
            bookshard.book.CancelReason.SELF_TRADE_PREVENTION, 78)),
        new bookshard.protocol.BookEventsPublished("BTC-USD", 41,
            new bookshard.book.EventBatch(77, List.copyOf(CodecTest.EVERY_EVENT))),
        new bookshard.protocol.BookEventsPublished("ETH-USD", 1, new bookshard.book.EventBatch(1, List.of())),
        new bookshard.book.EventBatch(1_000_001, List.copyOf(CodecTest.EVERY_EVENT))));
    for (RejectReason r : RejectReason.values()) {
      all.add(new BookReply.Rejected(r));
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    ActorRef<bookshard.protocol.GuardReply> guardRef = (ActorRef) ref;
    all.addAll(List.of(
        new bookshard.protocol.GuardCommand.Arm("mm-1", 5000, guardRef),
        new bookshard.protocol.GuardReply("mm-1", 1_700_000_005_000L, 1_700_000_000_000L),
        new bookshard.protocol.GuardReply("mm-1", 0, 1_700_000_000_000L),
        new bookshard.protocol.GuardEvent.Armed(1_700_000_005_000L),
        new bookshard.protocol.GuardEvent.Disarmed(),
        new bookshard.protocol.GuardEvent.Fired(1_700_000_005_000L),
        new bookshard.protocol.GuardEvent.CancelsDelivered(1_700_000_005_000L),
        new bookshard.protocol.GuardState(1_700_000_009_000L, 1_700_000_005_000L)));
    for (OrderStatus s : OrderStatus.values()) {
      all.add(new BookReply.Accepted(new Outcome(1, s, 0, List.of()), false));
    }
    return all;
  }

  @Test
  void everyJournalRowCommandAndReplyRoundTripsThroughFlatBuffers() {
    ActorRef<BookReply> ref = kit.<BookReply>createTestProbe().ref();
    for (Object message : everyMessage(ref)) {
      var serializer = serialization.findSerializerFor(message);
      assertEquals(BookSerializer.IDENTIFIER, serializer.identifier(), message.toString());
      byte[] bytes = serializer.toBinary(message);
      String manifest = Serializers.manifestFor(serializer, message);
      Object back = serialization.deserialize(bytes, serializer.identifier(), manifest).get();
      assertEquals(message, back);
    }
  }

  @Test
  void eventsAndSnapshotsUseTheSameSerializer() {
    for (Object event : CodecTest.EVERY_EVENT) {
      assertEquals(BookSerializer.IDENTIFIER, serialization.findSerializerFor(event).identifier());
    }
    byte[] snapshot = SnapshotCodec.encode(bookshard.book.BookState.empty(1));
    assertEquals(BookSerializer.IDENTIFIER,
        serialization.findSerializerFor(new bookshard.protocol.SnapshotBytes(snapshot)).identifier());
  }

  @Test
  void anAccountSnapshotRoundTrips() {
    var state = new bookshard.account.AccountState()
        .apply(new bookshard.protocol.AccountEvent.Deposited("USD", 900, "d-1"))
        .apply(new bookshard.protocol.AccountEvent.Withdrawn("USD", 300, "w-1"))
        .apply(new bookshard.protocol.AccountEvent.Deposited("BTC", 5, "d-2"))
        .apply(new bookshard.protocol.AccountEvent.Held("USD", 200, "h-1"))
        .apply(new bookshard.protocol.AccountEvent.Credited("BTC", 1, "BTC-USD:3:fB",
            new bookshard.protocol.AccountRequest.Origin("BTC-USD", 50)));
    var serializer = serialization.findSerializerFor(state);
    var back = (bookshard.account.AccountState) serialization.deserialize(serializer.toBinary(state),
        serializer.identifier(), Serializers.manifestFor(serializer, state)).get();
    assertEquals(state.balances(), back.balances());
    // A hold repeats while open and a settlement command by its origin: neither needs its id kept.
    assertEquals(List.of("d-1", "w-1", "d-2"), back.requestIds());
    assertEquals(state.holds(), back.holds());
    assertEquals(java.util.Map.of("BTC-USD", 50L), back.settledThrough());
  }

  record NotOurs(String x) implements Serializable {}

  @Test
  void javaSerializationIsOff() {
    assertFalse(kit.system().settings().config().getBoolean("pekko.actor.allow-java-serialization"));
    assertThrows(Exception.class, () -> serialization.serialize(new NotOurs("x")).get());
  }
}
