package bookshard.book;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A checksum of a book's top levels, sent with every depth message so a client that keeps a
 * local book from the updates can prove it is right (as Kraken's and OKX's feeds do). CRC32 of
 * the ASCII text {@code price:quantity} of the best {@value #LEVELS} bids (best first), then the
 * best {@value #LEVELS} asks (best first), joined by {@code ,}, with {@code |} between the sides.
 */
public final class DepthChecksum {
  public static final int LEVELS = 10;

  private DepthChecksum() {}

  public static long of(DepthBook book) {
    return of(book.depth(Side.BUY, LEVELS), book.depth(Side.SELL, LEVELS));
  }

  /** Both sides best first; only the first {@value #LEVELS} of each count. */
  public static long of(List<LevelView> bids, List<LevelView> asks) {
    StringBuilder sb = new StringBuilder();
    append(sb, bids);
    sb.append('|');
    append(sb, asks);
    CRC32 crc = new CRC32();
    crc.update(sb.toString().getBytes(StandardCharsets.US_ASCII));
    return crc.getValue();
  }

  private static void append(StringBuilder sb, List<LevelView> levels) {
    for (int i = 0; i < Math.min(LEVELS, levels.size()); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(levels.get(i).priceTicks()).append(':').append(levels.get(i).quantityLots());
    }
  }
}
