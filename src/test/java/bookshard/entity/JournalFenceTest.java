package bookshard.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bookshard.book.BookEvent.OrderAccepted;
import bookshard.book.BookEvent;
import bookshard.book.NewOrder;
import bookshard.book.OrderType;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import bookshard.node.NodeConfig;
import bookshard.node.NodeSettings;
import bookshard.node.SchemaInstaller;
import bookshard.protocol.BookCommand;
import bookshard.protocol.BookReply;
import bookshard.protocol.BookRequest;
import bookshard.support.Backend;
import bookshard.support.JournalRows;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The journal is the fence: two instances of one book (what a paused node that wakes up after
 * its book moved amounts to) cannot both write. The stale one's write is refused by the unique
 * (persistence_id, sequence_number) key, its caller hears nothing, and it recovers what the
 * other wrote. Real journals, no cluster.
 */
class JournalFenceTest {
  private static final String SYMBOL = "FENCE-1";

  @TempDir Path dir;

  private static NewOrder sell(String account, long price) {
    return new NewOrder(account, null, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, price, 1);
  }

  private static BookSettings settings() {
    return new BookSettings(new SnapshotPolicy(1000, 1.0, 100_000, 2), 100, 1000, 1000, Duration.ofSeconds(10),
        System::currentTimeMillis, "test");
  }

  @ParameterizedTest
  @EnumSource(value = Backend.class, names = "POSTGRES")
  void aStaleInstanceCannotWriteOverTheLiveOne(Backend backend) throws Exception {
    Config journal = backend.freshJournal(dir);
    Config config = NodeConfig.load(ConfigFactory.parseString("""
        pekko.actor.provider = local
        pekko.loglevel = ERROR
        """).withFallback(journal));
    SchemaInstaller.apply(NodeSettings.journal(config));
    ActorTestKit stale = ActorTestKit.create("stale", config);
    ActorTestKit live = ActorTestKit.create("live", config);
    try {
      ActorRef<BookCommand> a = stale.spawn(ShardedBook.create(SYMBOL, settings()));
      TestProbe<BookReply> probeA = stale.createTestProbe();
      a.tell(new BookCommand(new BookRequest.Place(sell("alice", 100)), probeA.ref()));
      assertEquals(1, probeA.expectMessageClass(BookReply.Accepted.class).outcome().orderId());

      // The book moves: a second instance recovers it and goes on.
      ActorRef<BookCommand> b = live.spawn(ShardedBook.create(SYMBOL, settings()));
      TestProbe<BookReply> probeB = live.createTestProbe();
      b.tell(new BookCommand(new BookRequest.Place(sell("bob", 101)), probeB.ref()));
      assertEquals(2, probeB.expectMessageClass(BookReply.Accepted.class, Duration.ofSeconds(20)).outcome().orderId());

      // The old instance, still believing it is at sequence number 2, writes: refused.
      TestProbe<BookReply> staleWrite = stale.createTestProbe();
      a.tell(new BookCommand(new BookRequest.Place(sell("mallory", 102)), staleWrite.ref()));
      staleWrite.expectNoMessage(Duration.ofSeconds(2));

      List<String> accounts = new ArrayList<>();
      for (BookEvent e : journalOf(journal)) {
        if (e instanceof OrderAccepted acc) {
          accounts.add(acc.orderId() + ":" + acc.account());
        }
      }
      assertEquals(List.of("1:alice", "2:bob"), accounts, "the stale write is not in the journal");

      // The stale instance recovered from the journal: it now sees the live one's order.
      TestProbe<BookReply> read = stale.createTestProbe();
      a.tell(new BookCommand(new BookRequest.GetBook(5), read.ref()));
      BookReply.Book book = read.expectMessageClass(BookReply.Book.class, Duration.ofSeconds(10));
      assertEquals(List.of(100L, 101L), book.asks().stream().map(l -> l.priceTicks()).toList());
    } finally {
      stale.shutdownTestKit();
      live.shutdownTestKit();
    }
  }

  private static List<BookEvent> journalOf(Config journal) throws Exception {
    return JournalRows.events(journal, SYMBOL);
  }
}
