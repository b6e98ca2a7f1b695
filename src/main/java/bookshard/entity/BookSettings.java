package bookshard.entity;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.function.LongSupplier;

/** Per-book settings, read once from {@code bookshard.book}. */
public record BookSettings(
    int snapshotEvery,
    int keepSnapshots,
    int recentTrades,
    int maxBatch,
    int maxQueued,
    Duration batchTimeout,
    LongSupplier clockMillis,
    String nodeAddress) {

  public static BookSettings from(Config config, String nodeAddress) {
    Config c = config.getConfig("bookshard.book");
    return new BookSettings(
        c.getInt("snapshot-every"), c.getInt("keep-snapshots"), c.getInt("recent-trades"),
        c.getInt("max-batch"), c.getInt("max-queued-commands"), c.getDuration("batch-timeout"),
        System::currentTimeMillis, nodeAddress);
  }
}
