package bookshard.bench;

import bookshard.protocol.AccountRequest;
import bookshard.book.NewOrder;
import bookshard.book.OrderType;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import bookshard.node.BookshardNode;
import bookshard.protocol.BookReply;
import bookshard.support.AccountWorkload;
import bookshard.support.Backend;
import bookshard.support.TestNodes;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a resting order costs in heap, with accounts off and on: a node in this JVM (H2), one
 * book, N resting orders of 64 accounts (each with a clientOrderId, as pre-trade risk gives
 * every order one), heap used after a full GC before and after, divided by N. With accounts on
 * it includes each order's hold in its ledger. With {@code depth}, a depth stream of the book is
 * followed throughout (the node's depth follower for that book).
 *
 * <pre>  java -cp target/test-classes:target/classes:$(cat target/test.cp) bookshard.bench.BookMemory 200000 on [depth]</pre>
 */
public final class BookMemory {
  private BookMemory() {}

  public static void main(String[] args) throws Exception {
    int orders = Integer.parseInt(args[0]);
    boolean accounts = args.length > 1 && args[1].equals("on");
    boolean depth = args.length > 2 && args[2].equals("depth");
    var journal = Backend.H2.freshJournal(Files.createTempDirectory("book-memory"));
    try (BookshardNode node = TestNodes.start(journal, accounts ? AccountWorkload.CONFIG : "")) {
      if (accounts) {
        for (int a = 0; a < 64; a++) {
          for (String asset : List.of("BTC", "USD")) {
            String id = "fund-" + asset + "-" + a;
            node.accounts().send("acct" + a, new AccountRequest.Deposit(asset, 1L << 50, id))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
          }
        }
      }
      if (depth) {
        node.marketData().depth("BTC-USD").runWith(org.apache.pekko.stream.javadsl.Sink.ignore(), node.system());
      }
      place(node, 2_000, 0);
      Thread.sleep(3_000);
      long before = usedAfterGc();
      place(node, orders, 2_000);
      // The settlement and the snapshotter follow the journal: let them catch up.
      Thread.sleep(10_000);
      long after = usedAfterGc();
      System.out.printf("accounts %s%s: %d resting orders, heap %.1f MB -> %.1f MB: %.0f bytes per resting order%n",
          accounts ? "on" : "off", depth ? ", a depth stream followed" : "", orders + 2_000, before / 1e6, after / 1e6, (after - before) / (double) orders);
    }
    System.exit(0);
  }

  /** Orders that rest: buys from 5,000 down, sells from 10,001 up, never crossing. */
  private static void place(BookshardNode node, int n, int from) throws Exception {
    List<CompletableFuture<BookReply>> inFlight = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      boolean buy = i % 2 == 0;
      NewOrder o = new NewOrder("acct" + (i % 64), "c" + i, buy ? Side.BUY : Side.SELL, OrderType.LIMIT,
          TimeInForce.GTC, buy ? 5_000 - (i / 2) % 1_000 : 10_001 + (i / 2) % 1_000, 1 + i % 5);
      inFlight.add(node.books().place("BTC-USD", o).toCompletableFuture());
      if (inFlight.size() == 2_000) {
        drain(inFlight);
      }
    }
    drain(inFlight);
  }

  private static void drain(List<CompletableFuture<BookReply>> inFlight) throws Exception {
    for (var f : inFlight) {
      BookReply r = f.get(60, TimeUnit.SECONDS);
      if (!(r instanceof BookReply.Accepted)) {
        throw new IllegalStateException("not placed: " + r);
      }
    }
    inFlight.clear();
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(300);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
