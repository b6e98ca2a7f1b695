package bookshard.entity;

import com.typesafe.config.Config;
import java.util.function.LongSupplier;

/** Per-book settings, read once from {@code bookshard.book}. */
public record BookSettings(
    int snapshotEvery, int keepSnapshots, int recentTrades, LongSupplier clockMillis, String nodeAddress) {

  public static BookSettings from(Config config, String nodeAddress) {
    Config c = config.getConfig("bookshard.book");
    return new BookSettings(
        c.getInt("snapshot-every"), c.getInt("keep-snapshots"), c.getInt("recent-trades"),
        System::currentTimeMillis, nodeAddress);
  }
}
