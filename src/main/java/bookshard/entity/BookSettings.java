package bookshard.entity;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Per-book settings ({@code bookshard.book}). */
public record BookSettings(
    SnapshotPolicy snapshots,
    int recentTrades,
    int maxBatch,
    int maxQueued,
    Duration batchTimeout,
    LongSupplier clockMillis,
    String nodeAddress) {

  public BookSettings withNodeAddress(String address) {
    return new BookSettings(snapshots, recentTrades, maxBatch, maxQueued, batchTimeout, clockMillis, address);
  }
}
