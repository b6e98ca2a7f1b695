package bookshard.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.book.NewOrder;
import bookshard.book.OrderType;
import bookshard.book.RejectReason;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import bookshard.node.BookshardNode;
import bookshard.protocol.BookReply;
import bookshard.protocol.BookRequest;
import bookshard.protocol.Books;
import bookshard.support.AccountWorkload;
import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.TestNodes;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two attempts to place an order with one clientOrderId never share a hold. Here both hold
 * before either reaches the book (the book's places are held back until both arrived); the first
 * is refused by the book (a POST_ONLY that would take), the second rests. The first's release
 * must not take the second's hold: the resting order keeps exactly what it can cost. Before holds
 * were per attempt, the second found the first's hold open, took none, and the first's release
 * left the resting order with nothing held. BTC-USD: a tick x lot is 10 USD.
 */
class HoldPerAttemptTest {
  @Test
  void aRefusedAttemptReleasesOnlyItsOwnHold() throws Exception {
    try (BookshardNode node = TestNodes.start(Backend.H2.freshJournal(Files.createTempDirectory("attempts")),
        AccountWorkload.CONFIG)) {
      Api api = fundedWithAnAsk(node);

      Books books = ((PreTradeRisk) node.books()).booksBehind();
      CountDownLatch bothHeld = new CountDownLatch(2);
      java.util.concurrent.atomic.AtomicReference<CompletableFuture<BookReply>> firstPlace =
          new java.util.concurrent.atomic.AtomicReference<>();
      java.util.concurrent.ExecutorService waiting = java.util.concurrent.Executors.newCachedThreadPool();
      Books gated = (Books) Proxy.newProxyInstance(Books.class.getClassLoader(), new Class<?>[] {Books.class},
          (proxy, method, args) -> {
            if (method.getName().equals("place")) {
              args = new Object[] {args[0], new BookRequest.Place((NewOrder) args[1])};
            }
            if (args != null && args.length == 2 && args[1] instanceof BookRequest.Place) {
              // The first attempt's place goes once both have held; the second's after the first's answer.
              String symbol = (String) args[0];
              BookRequest.Place place = (BookRequest.Place) args[1];
              CompletableFuture<BookReply> firstAnswered = firstPlace.get();
              bothHeld.countDown();
              CompletableFuture<BookReply> sent = CompletableFuture.runAsync(() -> await(bothHeld), waiting)
                  .thenCompose(x -> firstAnswered == null ? CompletableFuture.completedFuture(null) : firstAnswered)
                  .thenCompose(x -> books.send(symbol, place));
              firstPlace.compareAndSet(null, sent);
              return sent;
            }
            return method.invoke(books, args);
          });
      PreTradeRisk risk = new PreTradeRisk(gated, node.accounts(), 500, java.time.Duration.ofSeconds(60));

      // 1 lot at 100 would take the ask: refused. 1 lot at 90 rests and holds 900.
      CompletionStage<BookReply> first = risk.place("BTC-USD",
          new NewOrder("p1", "c1", Side.BUY, OrderType.LIMIT, TimeInForce.POST_ONLY, 100, 1));
      Thread.sleep(200);
      CompletionStage<BookReply> second = risk.place("BTC-USD",
          new NewOrder("p1", "c1", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 90, 1));
      BookReply refused = first.toCompletableFuture().get(20, TimeUnit.SECONDS);
      BookReply rested = second.toCompletableFuture().get(20, TimeUnit.SECONDS);
      assertEquals(new BookReply.Rejected(RejectReason.WOULD_TAKE_LIQUIDITY), refused);
      assertTrue(rested instanceof BookReply.Accepted a && !a.duplicate(), String.valueOf(rested));

      long until = System.currentTimeMillis() + 20_000;
      long[] usd;
      while (true) {
        usd = AccountWorkload.balances(api, "p1").get("USD");
        if (usd[0] == 2_100 && usd[1] == 900) {
          break;
        }
        assertTrue(System.currentTimeMillis() < until,
            "USD is " + Arrays.toString(usd) + ", expected [2100, 900]: the resting order's hold");
        Thread.sleep(100);
      }
      // It stays so: nothing later takes the resting order's hold away.
      Thread.sleep(1_000);
      assertEquals("[2100, 900]", Arrays.toString(AccountWorkload.balances(api, "p1").get("USD")));
      // Cancelled, the order gives back its whole hold, once.
      assertEquals(200, api.delete("/books/BTC-USD/orders?account=p1").status());
      until = System.currentTimeMillis() + 20_000;
      while (!Arrays.toString(AccountWorkload.balances(api, "p1").get("USD")).equals("[3000, 0]")) {
        assertTrue(System.currentTimeMillis() < until, Arrays.toString(AccountWorkload.balances(api, "p1").get("USD")));
        Thread.sleep(100);
      }
    }
  }

  /**
   * The book refuses an order, and the ledger answers the first two releases of its hold
   * OVERLOADED (nothing applied): the release is tried again, so the hold comes back now rather
   * than when the orphan sweep finds it, and the caller hears the book's refusal at once.
   */
  @Test
  void theReleaseOfARefusedOrdersHoldIsTriedAgainWhileTheLedgerIsOverloaded() throws Exception {
    try (BookshardNode node = TestNodes.start(Backend.H2.freshJournal(Files.createTempDirectory("undo")),
        AccountWorkload.CONFIG)) {
      Api api = fundedWithAnAsk(node);
      java.util.concurrent.atomic.AtomicInteger releases = new java.util.concurrent.atomic.AtomicInteger();
      bookshard.protocol.Accounts ledger = node.accounts();
      bookshard.protocol.Accounts overloaded = (account, request) ->
          request instanceof bookshard.protocol.AccountRequest.Release && releases.incrementAndGet() <= 2
              ? CompletableFuture.completedFuture(new bookshard.protocol.AccountReply.Refused(
                  bookshard.protocol.AccountReply.Refused.OVERLOADED, java.util.Map.of()))
              : ledger.send(account, request);
      PreTradeRisk risk = new PreTradeRisk(((PreTradeRisk) node.books()).booksBehind(), overloaded, 500, java.time.Duration.ofSeconds(60));

      BookReply refused = risk.place("BTC-USD",
          new NewOrder("p1", "c1", Side.BUY, OrderType.LIMIT, TimeInForce.POST_ONLY, 100, 1))
          .toCompletableFuture().get(20, TimeUnit.SECONDS);
      assertEquals(new BookReply.Rejected(RejectReason.WOULD_TAKE_LIQUIDITY), refused);
      long until = System.currentTimeMillis() + 10_000;
      while (!Arrays.toString(AccountWorkload.balances(api, "p1").get("USD")).equals("[3000, 0]")) {
        assertTrue(System.currentTimeMillis() < until,
            "USD is " + Arrays.toString(AccountWorkload.balances(api, "p1").get("USD")) + " after " + releases + " releases");
        Thread.sleep(100);
      }
      assertEquals(3, releases.get(), "releases sent: two answered OVERLOADED, the third applied");
    }
  }

  /** p1 has 3,000 USD; p2 sells 1 lot at 100 (a buy at 100 takes it). */
  private static Api fundedWithAnAsk(BookshardNode node) {
    Api api = new Api(node.baseUrl());
    AccountWorkload w = new AccountWorkload(List.of("p1", "p2"), 1);
    w.deposit(api, "p1", "USD", 3_000);
    w.deposit(api, "p2", "BTC", 100);
    Api.Reply ask = api.post("/books/BTC-USD/orders",
        "{\"account\":\"p2\",\"side\":\"SELL\",\"priceTicks\":100,\"quantityLots\":1}");
    assertEquals(201, ask.status(), String.valueOf(ask.body()));
    return api;
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS), "both attempts held");
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
