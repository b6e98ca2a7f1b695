package bookshard.book;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The checksum as docs/api.md defines it, with the documented values a client can check its own code against. */
class DepthChecksumTest {
  @Test
  void theDocumentedValuesAreTheChecksumsAndTheyAreUnsigned() {
    assertEquals(2_343_686_810L, DepthChecksum.of(List.of(), List.of()), "an empty book: CRC32 of \"|\"");
    assertEquals(4_254_116_459L, DepthChecksum.of(List.of(new LevelView(100, 5, 1)), List.of()), "CRC32 of \"100:5|\"");
    assertEquals(2_082_658_566L, DepthChecksum.of(List.of(new LevelView(100, 5, 1), new LevelView(99, 2, 1)),
        List.of(new LevelView(101, 7, 2))), "CRC32 of \"100:5,99:2|101:7\"");
  }
}
