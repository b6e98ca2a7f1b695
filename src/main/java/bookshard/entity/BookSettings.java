package bookshard.entity;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Per-book settings ({@code bookshard.book}). */
public record BookSettings(
    int snapshotEvery,
    int keepSnapshots,
    int recentTrades,
    int maxBatch,
    int maxQueued,
    Duration batchTimeout,
    LongSupplier clockMillis,
    String nodeAddress) {

  public BookSettings withNodeAddress(String address) {
    return new BookSettings(snapshotEvery, keepSnapshots, recentTrades, maxBatch, maxQueued, batchTimeout,
        clockMillis, address);
  }
}
