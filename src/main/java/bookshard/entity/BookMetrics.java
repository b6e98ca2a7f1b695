package bookshard.entity;

import bookshard.book.BookEvent;
import bookshard.book.RejectReason;
import bookshard.protocol.BookRequest;
import bookshard.protocol.BookReply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The books' meters in one node's registry, tagged by symbol. Each book looks its meters up
 * once ({@link #book}) so that counting a command costs an increment, not a registry lookup.
 */
public final class BookMetrics {
  private final MeterRegistry registry;
  private final Map<String, Book> books = new ConcurrentHashMap<>();

  public BookMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Meters nobody reads (tests and tools that run a book without a node). */
  public static BookMetrics none() {
    return new BookMetrics(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  public Book book(String symbol) {
    return books.computeIfAbsent(symbol, s -> new Book(registry, s));
  }

  /** One book's meters. */
  public static final class Book {
    private final MeterRegistry registry;
    private final String symbol;
    /** Commands waiting in the book's queue (group commit), a gauge. */
    public final AtomicInteger queueDepth;
    private final DistributionSummary batchCommands;
    private final Timer journalWrite;
    private final Counter trades;
    private final Counter overloaded;
    private final Map<Class<?>, Counter> commands = new java.util.HashMap<>();
    private final Counter[] rejects = new Counter[RejectReason.values().length];
    private final Timer recovery;
    private final DistributionSummary recoveryEvents;
    private final Timer snapshotWrite;
    private final DistributionSummary snapshotBytes;

    private Book(MeterRegistry registry, String symbol) {
      this.registry = registry;
      this.symbol = symbol;
      this.queueDepth = registry.gauge("bookshard.book.queue.depth", List.of(io.micrometer.core.instrument.Tag.of(
          "symbol", symbol)), new AtomicInteger());
      this.batchCommands = DistributionSummary.builder("bookshard.book.batch.commands")
          .description("commands per journal write (group commit)").tag("symbol", symbol)
          .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(10_000.0).register(registry);
      this.journalWrite = Timer.builder("bookshard.journal.write")
          .description("from a batch's persist to its write being durable").tag("symbol", symbol)
          .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
          .register(registry);
      this.trades = Counter.builder("bookshard.trades").tag("symbol", symbol).register(registry);
      this.overloaded = Counter.builder("bookshard.book.overloaded")
          .description("commands refused because the book's queue was full").tag("symbol", symbol).register(registry);
      this.recovery = Timer.builder("bookshard.book.recovery").tag("symbol", symbol).register(registry);
      this.recoveryEvents = DistributionSummary.builder("bookshard.book.recovery.events")
          .description("events replayed after the snapshot").tag("symbol", symbol).register(registry);
      this.snapshotWrite = Timer.builder("bookshard.snapshot.write")
          .description("encoding and storing one snapshot").tag("symbol", symbol).register(registry);
      this.snapshotBytes = DistributionSummary.builder("bookshard.snapshot.size").baseUnit("bytes")
          .tag("symbol", symbol).register(registry);
      // Every kind and reason exists from the start at zero, so a dashboard shows 0, not "No data".
      for (Class<?> kind : BookRequest.kinds()) {
        commands.put(kind, Counter.builder("bookshard.commands").tag("symbol", symbol).tag("kind", kind.getSimpleName())
            .register(registry));
      }
      for (RejectReason reason : RejectReason.values()) {
        rejects[reason.ordinal()] = Counter.builder("bookshard.rejects").tag("symbol", symbol)
            .tag("reason", reason.name()).register(registry);
      }
    }

    public void overloaded() {
      overloaded.increment();
    }

    /** A batch of {@code commands} persisted; {@code nanos} from persist to durable. */
    public void written(int commands, long nanos, List<BookEvent> events) {
      batchCommands.record(commands);
      journalWrite.record(nanos, TimeUnit.NANOSECONDS);
      long n = 0;
      for (BookEvent e : events) {
        if (e instanceof BookEvent.TradeExecuted) {
          n++;
        }
      }
      if (n > 0) {
        trades.increment(n);
      }
    }

    /** A command and its reply: counted by kind, a reject by its reason. */
    public void command(BookRequest c, BookReply reply) {
      commands.get(c.getClass()).increment();
      if (reply instanceof BookReply.Rejected r) {
        rejects[r.reason().ordinal()].increment();
      }
    }

    public void recovered(long nanos, long events) {
      recovery.record(nanos, TimeUnit.NANOSECONDS);
      recoveryEvents.record(events);
    }

    public void snapshot(long nanos, int bytes) {
      snapshotWrite.record(nanos, TimeUnit.NANOSECONDS);
      snapshotBytes.record(bytes);
    }
  }
}
