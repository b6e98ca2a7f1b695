package bookshard.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.book.BookEvent.OrderAccepted;
import bookshard.book.BookEvent.OrderRested;
import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.BookEvent;
import bookshard.book.BookState;
import bookshard.book.NewOrder;
import bookshard.book.OrderType;
import bookshard.book.OrderView;
import bookshard.book.RejectReason;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import bookshard.protocol.BookCommand;
import bookshard.protocol.BookIds;
import bookshard.protocol.BookReply;
import bookshard.protocol.BookRequest;
import bookshard.protocol.SnapshotBytes;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The persistent book on Pekko's in-memory test journal and snapshot store: a batch of commands
 * -> its events -> the replies -> the state, then restart and recovery. No node, no database.
 */
class PersistentBookTest {
  private static final Config CONFIG = EventSourcedBehaviorTestKit.config()
      .withFallback(PersistenceTestKitSnapshotPlugin.config())
      .withFallback(ConfigFactory.parseString("""
          pekko.actor.serializers.bookshard = "bookshard.codec.BookSerializer"
          pekko.actor.serialization-bindings {
            "bookshard.book.BookEvent" = bookshard
            "bookshard.protocol.SnapshotBytes" = bookshard
          }
          pekko.loglevel = WARNING
          """));
  private static final ActorTestKit KIT = ActorTestKit.create(CONFIG);
  private static final AtomicInteger BOOKS = new AtomicInteger();

  private final String symbol = "TK" + BOOKS.incrementAndGet();
  private long batchNo;

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static BookSettings settings(int snapshotEvery) {
    return new BookSettings(new SnapshotPolicy(snapshotEvery, 0, snapshotEvery, 2), 100, 1000, 1000,
        Duration.ofSeconds(10), () -> 1_000L, "test");
  }

  private EventSourcedBehaviorTestKit<PersistentBook.Batch, bookshard.book.EventBatch, BookState> book(int snapshotEvery) {
    return EventSourcedBehaviorTestKit.create(KIT.system(), PersistentBook.create(symbol, settings(snapshotEvery)),
        EventSourcedBehaviorTestKit.disabledSerializationSettings());
  }

  private static NewOrder limit(String account, String clientOrderId, Side side, long price, long qty) {
    return new NewOrder(account, clientOrderId, side, OrderType.LIMIT, TimeInForce.GTC, price, qty);
  }

  /** One batch; returns its events (of its one journal row, if any) and each command's reply, in order. */
  private record Ran(List<BookEvent> events, long firstPosition, List<BookReply> replies) {}

  @SafeVarargs
  private Ran batch(EventSourcedBehaviorTestKit<PersistentBook.Batch, bookshard.book.EventBatch, BookState> book,
      Function<ActorRef<BookReply>, BookCommand>... commands) {
    List<TestProbe<BookReply>> probes = new ArrayList<>();
    List<BookCommand> batch = new ArrayList<>();
    for (var c : commands) {
      TestProbe<BookReply> p = KIT.createTestProbe();
      probes.add(p);
      batch.add(c.apply(p.ref()));
    }
    long n = ++batchNo;
    var result = book.<GroupCommit.Written>runCommand(done -> new PersistentBook.Batch(n, batch, done));
    assertEquals(new GroupCommit.Written(n), result.reply());
    List<BookReply> replies = probes.stream().map(TestProbe::receiveMessage).toList();
    var rows = result.events();
    assertTrue(rows.size() <= 1, "a batch is at most one journal row");
    return rows.isEmpty() ? new Ran(List.of(), 0, replies)
        : new Ran(rows.get(0).events(), rows.get(0).firstPosition(), replies);
  }

  private static Function<ActorRef<BookReply>, BookCommand> place(NewOrder o) {
    return r -> new BookCommand(new BookRequest.Place(o), r);
  }

  private static String describe(BookState s) {
    List<String> orders = new ArrayList<>();
    for (Side side : Side.values()) {
      for (OrderView o : s.book().restingOrders(side)) {
        orders.add(o.orderId() + ":" + o.account() + ":" + o.priceTicks() + "x" + o.remainingLots());
      }
    }
    return orders + " next order " + s.book().nextOrderId() + " next match " + s.book().nextMatchId();
  }

  @Test
  void aBatchIsDecidedInOrderWrittenOnceAndRepliedAfterTheWrite() {
    var book = book(1000);
    Ran ran = batch(book,
        place(limit("alice", null, Side.SELL, 100, 5)),
        place(limit("bob", null, Side.BUY, 100, 3)),
        r -> new BookCommand(new BookRequest.GetBook(5), r));
    assertEquals(List.of(OrderAccepted.class, OrderRested.class, OrderAccepted.class, TradeExecuted.class),
        ran.events().stream().map(Object::getClass).toList());
    BookReply.Accepted buy = assertInstanceOf(BookReply.Accepted.class, ran.replies().get(1));
    assertEquals(1, buy.outcome().fills().get(0).matchId());
    BookReply.Book depth = assertInstanceOf(BookReply.Book.class, ran.replies().get(2));
    assertEquals(2, depth.asks().get(0).quantityLots(), "the read sees the batch's earlier commands");
    assertEquals(4, depth.sequenceNr());
    assertEquals(1, ran.firstPosition());
    assertEquals(1, book.getState().book().lastMatchId());
    Ran next = batch(book, place(limit("carol", null, Side.BUY, 90, 1)));
    assertEquals(5, next.firstPosition(), "positions count events, gapless across rows");
    assertEquals(6, book.getState().position());
  }

  @Test
  void aRejectionWritesNothing() {
    var book = book(1000);
    Ran ran = batch(book, place(limit("alice", null, Side.SELL, 0, 5)), r -> new BookCommand(new BookRequest.Cancel(7, "alice"), r));
    assertTrue(ran.events().isEmpty());
    assertEquals(List.of(new BookReply.Rejected(RejectReason.INVALID_PRICE), new BookReply.Rejected(RejectReason.UNKNOWN_ORDER)),
        ran.replies());
  }

  @Test
  void aRestartRecoversTheSameBookAndMatchIdsGoOn() {
    var book = book(1000);
    for (int i = 0; i < 10; i++) {
      batch(book, place(limit("alice", null, Side.SELL, 100 + i % 3, 2)), place(limit("bob", "b" + i, Side.BUY, 101, 1)));
    }
    String before = describe(book.getState());
    long lastMatch = book.getState().book().lastMatchId();
    book.restart();
    assertEquals(before, describe(book.getState()));
    Ran next = batch(book, place(limit("carol", null, Side.BUY, 200, 1)));
    assertEquals(lastMatch + 1, ((BookReply.Accepted) next.replies().get(0)).outcome().fills().get(0).matchId());
    Ran retry = batch(book, place(limit("bob", "b3", Side.BUY, 101, 1)));
    assertTrue(((BookReply.Accepted) retry.replies().get(0)).duplicate(), "the ledger is recovered too");
    assertTrue(retry.events().isEmpty());
  }

  @Test
  void theSnapshotterSavesSnapshotsThatRecoveryStartsFrom() {
    var book = book(4);
    var snapshots = book.snapshotTestKit().orElseThrow();
    String pid = BookIds.persistenceId(symbol).id();
    for (int i = 0; i < 6; i++) {
      batch(book, place(limit("alice", null, Side.SELL, 100, 2)), place(limit("bob", null, Side.BUY, 100, 1)));
    }
    SnapshotBytes saved = snapshots.expectNextPersistedClass(pid, SnapshotBytes.class);
    assertTrue(saved.bytes().length > 0);
    String before = describe(book.getState());
    book.restart();
    assertEquals(before, describe(book.getState()));
  }

  /**
   * Each snapshot is made from the one before and the events since (the snapshotter keeps no copy
   * of the book): over many generations, every snapshot is exactly the book at its position.
   */
  @Test
  void everySnapshotIsTheBookAtItsPosition() throws InterruptedException {
    var book = book(4);
    String pid = BookIds.persistenceId(symbol).id();
    // One journal row per batch: the book as each row left it.
    java.util.Map<Long, String> byRow = new java.util.HashMap<>();
    for (int i = 0; i < 40; i++) {
      batch(book, place(limit("alice", "a" + i, Side.SELL, 100 + i % 3, 2)), place(limit("bob", null, Side.BUY, 101, 1)),
          place(limit("carol", null, Side.BUY, 98 + i % 2, 1 + i % 3)));
      byRow.put(i + 1L, describe(book.getState()) + " clients " + book.getState().entries());
    }
    var snapshots = book.snapshotTestKit().orElseThrow();
    java.util.Set<Long> checked = new java.util.HashSet<>();
    for (int i = 0; i < 100 && checked.size() < 3; i++) {
      for (var stored : snapshots.persistedInStorage(pid)) {
        BookState snap = bookshard.codec.SnapshotCodec.decode(((SnapshotBytes) stored.second()).bytes(), 100);
        long row = stored.first().sequenceNr();
        assertEquals(byRow.get(row), describe(snap) + " clients " + snap.entries(), "the snapshot at row " + row);
        checked.add(row);
      }
      Thread.sleep(50);
    }
    assertTrue(checked.size() >= 2, "snapshots of several generations checked: " + checked);
  }

  /** After a recovery the snapshotter starts from what recovery read (snapshot + rows), not a re-encoding. */
  @Test
  void snapshotsTakenAfterARecoveryRecoverTheSameBook() throws InterruptedException {
    var book = book(4);
    var snapshots = book.snapshotTestKit().orElseThrow();
    String pid = BookIds.persistenceId(symbol).id();
    for (int i = 0; i < 5; i++) {
      batch(book, place(limit("alice", "a" + i, Side.SELL, 100 + i % 2, 2)), place(limit("bob", null, Side.BUY, 100, 1)));
    }
    snapshots.expectNextPersistedClass(pid, SnapshotBytes.class);
    batch(book, place(limit("carol", null, Side.SELL, 105, 1)));
    long atRestart = book.getState().position();
    book.restart();
    for (int i = 0; i < 5; i++) {
      batch(book, place(limit("dave", null, Side.BUY, 99, 3)), place(limit("erin", null, Side.SELL, 99, 1)));
    }
    // The snapshotter saves in the background: wait for one that covers the later batches.
    long covered = 0;
    for (int i = 0; i < 100 && covered <= atRestart; i++) {
      var stored = snapshots.persistedInStorage(pid);
      if (!stored.isEmpty()) {
        covered = bookshard.codec.SnapshotCodec.position(((SnapshotBytes) stored.get(stored.size() - 1).second()).bytes());
      }
      Thread.sleep(50);
    }
    assertTrue(covered > atRestart, "a snapshot taken after the recovery covers later events: " + covered);
    String before = describe(book.getState());
    long position = book.getState().position();
    book.restart();
    assertEquals(before, describe(book.getState()));
    assertEquals(position, book.getState().position());
    Ran retry = batch(book, place(limit("alice", "a2", Side.SELL, 100, 2)));
    assertTrue(((BookReply.Accepted) retry.replies().get(0)).duplicate(), "the ledger came through both snapshots");
  }

  /** A snapshotter that throws is replaced after the next write; snapshots go on and recover the book. */
  @Test
  void aFailedSnapshotterIsReplacedAndSnapshotsGoOn() throws InterruptedException {
    String name = "crashing-" + symbol;
    var book = KIT.spawn(PersistentBook.create(symbol, settings(4)), name);
    TestProbe<GroupCommit.Written> done = KIT.createTestProbe();
    TestProbe<BookReply> replies = KIT.createTestProbe();
    long[] n = {0};
    Runnable twoOrders = () -> {
      book.tell(new PersistentBook.Batch(++n[0], List.of(
          new BookCommand(new BookRequest.Place(limit("alice", null, Side.SELL, 100, 2)), replies.ref()),
          new BookCommand(new BookRequest.Place(limit("bob", null, Side.BUY, 100, 1)), replies.ref())), done.ref()));
      done.expectMessageClass(GroupCommit.Written.class);
    };
    twoOrders.run();
    // An event for an order that does not exist: the snapshotter's copy cannot apply it.
    org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(KIT.system())
        .actorSelection("/user/" + name + "/snapshotter-1")
        .tell(new BookSnapshotter.Applied(new bookshard.book.EventBatch(99, List.of(new OrderRested(4242))), 99),
            org.apache.pekko.actor.ActorRef.noSender());
    Thread.sleep(300);
    for (int i = 0; i < 5; i++) {
      twoOrders.run();
    }
    String pid = BookIds.persistenceId(symbol).id();
    var snapshots = org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit.create(KIT.system());
    long covered = 0;
    for (int i = 0; i < 100 && covered < 20; i++) {
      var stored = snapshots.persistedInStorage(pid);
      if (!stored.isEmpty()) {
        covered = bookshard.codec.SnapshotCodec.position(((SnapshotBytes) stored.get(stored.size() - 1).second()).bytes());
      }
      Thread.sleep(50);
    }
    assertTrue(covered >= 20, "snapshots went on after the snapshotter failed: " + covered);
    TestProbe<BookReply> read = KIT.createTestProbe();
    book.tell(new PersistentBook.Batch(++n[0], List.of(new BookCommand(new BookRequest.GetBook(10), read.ref())), done.ref()));
    BookReply.Book live = read.expectMessageClass(BookReply.Book.class);
    KIT.stop(book);
    var again = KIT.spawn(PersistentBook.create(symbol, settings(4)), name + "-again");
    again.tell(new PersistentBook.Batch(1, List.of(new BookCommand(new BookRequest.GetBook(10), read.ref())), done.ref()));
    assertEquals(live, read.expectMessageClass(BookReply.Book.class), "recovered from the later snapshot: the same book");
  }

  /**
   * The journal refuses a write: nobody hears of that batch, the book stops, and its queue starts
   * a new one, recovered from the journal without the refused order (whose order id is used again).
   */
  @Test
  void aFailedWriteIsNeverAcknowledgedAndTheBookComesBack() {
    var queue = KIT.spawn(ShardedBook.create(symbol, settings(1000)));
    TestProbe<BookReply> first = KIT.createTestProbe();
    queue.tell(new BookCommand(new BookRequest.Place(limit("alice", null, Side.SELL, 100, 5)), first.ref()));
    assertEquals(1, first.expectMessageClass(BookReply.Accepted.class).outcome().orderId());
    PersistenceTestKit.create(KIT.system()).failNextPersisted();
    TestProbe<BookReply> refused = KIT.createTestProbe();
    queue.tell(new BookCommand(new BookRequest.Place(limit("bob", null, Side.SELL, 101, 5)), refused.ref()));
    // Carol's order must not share bob's batch (it would fail with it): alice's reply can reach
    // this probe before her batch's confirmation reaches the queue, which then sends bob and a
    // carol sent at once together. By now bob's batch is written (and refused) on its own.
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    TestProbe<BookReply> later = KIT.createTestProbe();
    queue.tell(new BookCommand(new BookRequest.Place(limit("carol", null, Side.SELL, 102, 5)), later.ref()));
    BookReply.Accepted carol = later.expectMessageClass(BookReply.Accepted.class, Duration.ofSeconds(10));
    assertEquals(2, carol.outcome().orderId(), "order id 2 was never durable, so it is given again");
    refused.expectNoMessage(Duration.ofMillis(200));
    TestProbe<BookReply> read = KIT.createTestProbe();
    queue.tell(new BookCommand(new BookRequest.GetBook(5), read.ref()));
    BookReply.Book book = read.expectMessageClass(BookReply.Book.class);
    assertEquals(List.of(100L, 102L), book.asks().stream().map(l -> l.priceTicks()).toList(),
        "the refused order is not on the recovered book");
  }
}
