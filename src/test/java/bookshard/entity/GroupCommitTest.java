package bookshard.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.NewOrder;
import bookshard.book.OrderType;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import bookshard.node.BookshardNode;
import bookshard.protocol.BookReply;
import bookshard.protocol.BookRequest;
import bookshard.support.Backend;
import bookshard.support.TestNodes;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Many commands in flight at once share journal writes without losing per-command meaning. */
class GroupCommitTest {
  private static final String SYMBOL = "GC-1";

  @TempDir Path dir;

  private static List<BookReply> flood(BookshardNode node, int count, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<CompletableFuture<BookReply>> pending = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
      NewOrder o = new NewOrder("acct" + rnd.nextInt(20), null, side, OrderType.LIMIT,
          rnd.nextInt(10) == 0 ? TimeInForce.IOC : TimeInForce.GTC, 95 + rnd.nextInt(11), 1 + rnd.nextInt(5));
      pending.add(node.books().send(SYMBOL, new BookRequest.Place(o)).toCompletableFuture());
    }
    return pending.stream().map(CompletableFuture::join).toList();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void concurrentOrdersGetGaplessMatchIdsAndSurviveRestart(Backend backend) throws Exception {
    Config journal = backend.freshJournal(dir);
    String settings = "bookshard.book.snapshot-every = 500\nbookshard.book.snapshot-ratio = 0\nbookshard.http.ask-timeout = 30s";
    BookReply.RestingOrders before;
    long trades = 0;
    try (BookshardNode node = TestNodes.start(journal, settings)) {
      List<BookReply> replies = flood(node, 3000, 5);
      Set<Long> orderIds = new HashSet<>();
      List<Long> matchIds = new ArrayList<>();
      for (BookReply r : replies) {
        BookReply.Accepted a = (BookReply.Accepted) r;
        assertTrue(orderIds.add(a.outcome().orderId()), "order id given twice: " + a);
        for (TradeExecuted t : a.outcome().fills()) {
          if (t.takerOrderId() == a.outcome().orderId()) {
            matchIds.add(t.matchId());
          }
        }
      }
      matchIds.sort(Long::compare);
      trades = matchIds.size();
      assertTrue(trades > 500, "the flood trades: " + trades);
      assertEquals(LongStream.rangeClosed(1, trades).boxed().toList(), matchIds,
          "every trade reported exactly once, match ids 1..N");
      assertEquals(LongStream.rangeClosed(1, 3000).boxed().collect(java.util.stream.Collectors.toSet()), orderIds);
      before = RecoveryTest.resting(node, SYMBOL);
      assertEquals(trades + 1, before.nextMatchId());
    }
    try (BookshardNode node = TestNodes.start(journal, settings)) {
      assertEquals(before, RecoveryTest.resting(node, SYMBOL));
    }
  }

  /**
   * A flood far beyond the queue: refusals come back at once (not after the ask timeout) and the
   * heap does not grow with the flood. The bounds are loose on purpose: they catch a queue that
   * grows without limit or answers by timing out, not a slow machine.
   */
  @Test
  void refusalsUnderAFloodAreImmediateAndTheHeapStaysFlat() throws Exception {
    Config journal = Backend.H2.freshJournal(dir);
    try (BookshardNode node = TestNodes.start(journal,
        "bookshard.book.max-queued-commands = 100\nbookshard.http.ask-timeout = 30s")) {
      flood(node, 2000, 1);
      long before = usedHeapAfterGc();
      long[] refusedMillis = new long[1];
      int refused = 0;
      for (int round = 0; round < 5; round++) {
        List<CompletableFuture<long[]>> timed = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(round);
        for (int i = 0; i < 20_000; i++) {
          long t0 = System.nanoTime();
          NewOrder o = new NewOrder("acct" + rnd.nextInt(20), null, Side.BUY, OrderType.LIMIT, TimeInForce.IOC,
              1 + rnd.nextInt(5), 1);
          timed.add(node.books().send(SYMBOL, new BookRequest.Place(o)).toCompletableFuture()
              .thenApply(reply -> new long[] {reply instanceof BookReply.Overloaded ? 1 : 0, System.nanoTime() - t0}));
        }
        for (var f : timed) {
          long[] r = f.join();
          if (r[0] == 1) {
            refused++;
            refusedMillis[0] = Math.max(refusedMillis[0], r[1] / 1_000_000);
          }
        }
      }
      long after = usedHeapAfterGc();
      assertTrue(refused > 50_000, "most of 100,000 were refused: " + refused);
      assertTrue(refusedMillis[0] < 5_000, "slowest refusal " + refusedMillis[0] + " ms (ask timeout 30 s)");
      assertTrue(after - before < 64L * 1024 * 1024, "heap grew by " + (after - before) / 1024 / 1024 + " MB");
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  @Test
  void aFullQueueAnswersOverloadedAndLosesNothingElse() throws Exception {
    Config journal = Backend.H2.freshJournal(dir);
    try (BookshardNode node = TestNodes.start(journal,
        "bookshard.book.max-queued-commands = 50\nbookshard.book.max-batch = 10\nbookshard.http.ask-timeout = 30s")) {
      List<BookReply> replies = flood(node, 2000, 9);
      long overloaded = replies.stream().filter(r -> r instanceof BookReply.Overloaded).count();
      long accepted = replies.stream().filter(r -> r instanceof BookReply.Accepted).count();
      assertTrue(overloaded > 0, "a queue of 50 cannot take 2000 at once");
      assertEquals(2000, overloaded + accepted, "every command answered, either way");
      BookReply.RestingOrders after = RecoveryTest.resting(node, SYMBOL);
      assertEquals(accepted + 1, after.nextOrderId(), "exactly the accepted orders consumed order ids");
    }
  }
}
