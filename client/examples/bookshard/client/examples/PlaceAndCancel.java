package bookshard.client.examples;

import bookshard.book.NewOrder;
import bookshard.book.OrderType;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import bookshard.client.BookshardClient;
import bookshard.protocol.BookReply;
import bookshard.feed.MarketData;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Follows alice's executions, places her resting sell and a buy of bob's that trades with it,
 * retries the buy (answered as a duplicate), cancels the rest of the sell and prints the book,
 * its trades and alice's executions, from a JVM of its own. Run against the 3-node cluster of the README (its seeds on ports 25520 and 25521):
 * {@code java -cp client/target/bookshard-client.jar:target/bookshard.jar bookshard.client.examples.PlaceAndCancel
 * pekko://bookshard@127.0.0.1:25520,pekko://bookshard@127.0.0.1:25521}
 */
public final class PlaceAndCancel {
  private PlaceAndCancel() {}

  public static void main(String[] args) throws Exception {
    String seeds = args.length > 0 ? args[0] : "pekko://bookshard@127.0.0.1:25520";
    String symbol = args.length > 1 ? args[1] : "BTC-USD";
    String run = Long.toString(System.currentTimeMillis(), 36);
    try (BookshardClient client = BookshardClient.connect(seeds)) {
      System.out.println("joined the cluster as " + client.address());
      // Alice's executions in this book from now on: read from the journal by an engine node.
      List<MarketData.AccountEvent> executions = new CopyOnWriteArrayList<>();
      client.orders(symbol, "alice", OptionalLong.empty()).runWith(Sink.foreach(executions::add), client.materializer());
      BookReply sell = get(client, client.place(symbol,
          new NewOrder("alice", "sell-" + run, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 101, 5)));
      System.out.println("sell:  " + sell);
      NewOrder buy = new NewOrder("bob", "buy-" + run, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 101, 2);
      System.out.println("buy:   " + get(client, client.place(symbol, buy)));
      System.out.println("retry: " + get(client, client.place(symbol, buy)));
      System.out.println("cancel the rest of the sell: " + get(client, client.cancelByClientOrderId(symbol, "alice", "sell-" + run)));
      System.out.println("book:   " + get(client, client.book(symbol, 5)));
      System.out.println("trades: " + get(client, client.trades(symbol, 0, 5)));
      Thread.sleep(1000);
      executions.forEach(e -> System.out.println("alice at " + e.position() + ": "
          + (e.event() == null ? "(the stream starts here)" : e.event())));
    }
  }

  private static BookReply get(BookshardClient client, java.util.concurrent.CompletionStage<BookReply> reply)
      throws Exception {
    BookReply r = reply.toCompletableFuture().get(10, TimeUnit.SECONDS);
    BookshardClient.errorOf(r).ifPresent(e -> System.out.println("  refused: " + e.code() + " (field " + e.field() + ")"));
    return r;
  }
}
