package bookshard.entity;

import bookshard.book.InstrumentSpec;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.LongSupplier;

/** Per-book settings ({@code bookshard.book}), and each symbol's trading rules. */
public record BookSettings(
    SnapshotPolicy snapshots,
    int recentTrades,
    int maxBatch,
    int maxQueued,
    Duration batchTimeout,
    Duration maxQueueWait,
    LongSupplier clockMillis,
    String nodeAddress,
    Function<String, InstrumentSpec> instruments,
    BookMetrics metrics,
    boolean fundedAmendsOnly,
    DurableWrites durable) {

  /** {@code bookshard.book.max-queue-wait}'s default. */
  public static final Duration DEFAULT_MAX_QUEUE_WAIT = Duration.ofSeconds(2);

  /** Without trading rules beyond the book's own limits. */
  public BookSettings(SnapshotPolicy snapshots, int recentTrades, int maxBatch, int maxQueued, Duration batchTimeout,
      LongSupplier clockMillis, String nodeAddress) {
    this(snapshots, recentTrades, maxBatch, maxQueued, batchTimeout, DEFAULT_MAX_QUEUE_WAIT, clockMillis, nodeAddress,
        InstrumentSpec::unrestricted, BookMetrics.none(), false, DurableWrites.AT_COMMIT);
  }

  public BookSettings withNodeAddress(String address) {
    return new BookSettings(snapshots, recentTrades, maxBatch, maxQueued, batchTimeout, maxQueueWait, clockMillis, address, instruments,
        metrics, fundedAmendsOnly, durable);
  }

  public BookSettings withInstruments(Function<String, InstrumentSpec> specs) {
    return new BookSettings(snapshots, recentTrades, maxBatch, maxQueued, batchTimeout, maxQueueWait, clockMillis, nodeAddress, specs,
        metrics, fundedAmendsOnly, durable);
  }

  /** How long a command may wait in the book's queue before it is answered overloaded instead. */
  public BookSettings withMaxQueueWait(Duration wait) {
    return new BookSettings(snapshots, recentTrades, maxBatch, maxQueued, batchTimeout, wait, clockMillis, nodeAddress,
        instruments, metrics, fundedAmendsOnly, durable);
  }

  /** The node's meters (the default counts into a registry nobody reads). */
  public BookSettings withMetrics(BookMetrics m) {
    return new BookSettings(snapshots, recentTrades, maxBatch, maxQueued, batchTimeout, maxQueueWait, clockMillis, nodeAddress,
        instruments, m, fundedAmendsOnly, durable);
  }

  /**
   * With accounts on, an order's hold covers its price and quantity as placed: an amend may then
   * only lower what the order can cost (AMEND_NOT_FUNDED otherwise).
   */
  public BookSettings withFundedAmendsOnly(boolean on) {
    return new BookSettings(snapshots, recentTrades, maxBatch, maxQueued, batchTimeout, maxQueueWait, clockMillis, nodeAddress,
        instruments, metrics, on, durable);
  }

  /** How a write reported done becomes durable before it is answered (the journal's). */
  public BookSettings withDurableWrites(DurableWrites d) {
    return new BookSettings(snapshots, recentTrades, maxBatch, maxQueued, batchTimeout, maxQueueWait, clockMillis, nodeAddress,
        instruments, metrics, fundedAmendsOnly, d);
  }
}
