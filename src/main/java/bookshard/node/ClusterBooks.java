package bookshard.node;

import bookshard.book.InstrumentSpec;
import bookshard.book.BookState;
import bookshard.entity.CommandProcessor;
import bookshard.protocol.BookCommand;
import bookshard.protocol.BookIds;
import bookshard.protocol.BookReply;
import bookshard.protocol.BookRequest;
import bookshard.protocol.Books;
import bookshard.async.OnCompletingThread;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.scaladsl.EntityRef;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;

/**
 * Books reached through Cluster Sharding (entity id = symbol).
 *
 * <p>Only a write ({@link #send}) starts a book. A read of a pattern-matched symbol that has never been written
 * to is answered here as an empty book would answer it, without starting an entity: otherwise
 * every read of a new symbol would start a book that sharding remembers and restarts forever.
 * Whether a book was ever written is asked of the journal once per symbol and node, then known.
 */
final class ClusterBooks implements Books {
  private final ClusterSharding sharding;
  private final NodeSettings.Instruments instruments;
  /** Asked through the Scala API: the Java API's ask wraps the answer in two more futures. */
  private final org.apache.pekko.util.Timeout askTimeout;
  private final JdbcReadJournal journal;
  private final Set<String> started = ConcurrentHashMap.newKeySet();
  private final CommandProcessor emptyBook = new CommandProcessor(() -> 0, "");
  private final BookState empty = BookState.empty(1);
  private final BookBatches batches;
  /**
   * A reference per book, made once: sharding's {@code entityRefFor} builds a new one each call
   * (URL-encoding the id), and every order came through here.
   */
  private final ConcurrentHashMap<String, EntityRef<BookCommand>> refs = new ConcurrentHashMap<>();

  /** On a node: asks, and reads of books never written answered from the journal. */
  ClusterBooks(ClusterSharding sharding, NodeSettings.Instruments instruments, Duration timeout,
      JdbcReadJournal journal) {
    this(sharding, instruments, timeout, journal, null);
  }

  /**
   * {@code journal} null (a client member, which has no journal): every read goes to the book.
   * {@code batches} non-null: requests go through it, per book in batches (a client member).
   */
  ClusterBooks(ClusterSharding sharding, NodeSettings.Instruments instruments, Duration timeout,
      JdbcReadJournal journal, BookBatches batches) {
    this.batches = batches;
    this.sharding = sharding;
    this.instruments = instruments;
    this.askTimeout = org.apache.pekko.util.Timeout.create(timeout);
    this.journal = journal;
    started.addAll(instruments.symbols());
  }

  @Override
  public List<String> symbols() {
    return instruments.symbols();
  }

  @Override
  public InstrumentSpec spec(String symbol) {
    return instruments.spec(symbol);
  }

  @Override
  public bookshard.protocol.AssetTerms terms(String symbol) {
    return instruments.terms().apply(symbol);
  }

  @Override
  public boolean exists(String symbol) {
    return instruments.exists(symbol);
  }

  @Override
  public CompletionStage<BookReply> send(String symbol, BookRequest.Write request) {
    if (!started.contains(symbol)) {
      started.add(symbol);
    }
    return askEntity(symbol, request);
  }

  @Override
  public CompletionStage<BookReply> read(String symbol, BookRequest.Read query) {
    if (started.contains(symbol) || journal == null) {
      return askEntity(symbol, query);
    }
    return OnCompletingThread.of(journal.currentLastSequenceNumberByPersistenceId(BookIds.persistenceId(symbol).id()))
        .thenCompose(last -> {
          if (last.isPresent() && last.get() > 0) {
            started.add(symbol);
            return askEntity(symbol, query);
          }
          return CompletableFuture.completedFuture(answerAsEmpty(query));
        });
  }

  private synchronized BookReply answerAsEmpty(BookRequest.Read read) {
    return emptyBook.process(empty, read, new ArrayList<>(0));
  }

  private CompletionStage<BookReply> askEntity(String symbol, BookRequest request) {
    if (batches != null) {
      return batches.send(symbol, request);
    }
    EntityRef<BookCommand> ref = refs.get(symbol);
    if (ref == null) {
      // Sharding's javadsl reference is also the scaladsl one, whose ask returns a plain Scala future.
      ref = refs.computeIfAbsent(symbol, s -> (EntityRef<BookCommand>) sharding.entityRefFor(BookIds.TYPE_KEY, s));
    }
    return OnCompletingThread.of(ref.<BookReply>ask(replyTo -> new BookCommand(request, replyTo), askTimeout));
  }
}
