package bookshard.codec;

import com.google.flatbuffers.FlatBufferBuilder;

/**
 * A FlatBuffers builder per thread, reused for what is written often and large: journal rows
 * (a batch of commands each) and snapshots. A fresh builder per row allocated its buffer and then
 * each doubling of it, about three times the row. Nothing built with one may build another
 * while it is open (each encoder finishes before it returns).
 */
final class ReusedBuilder {
  private static final int FIRST_BYTES = 64 * 1024;
  /** A builder grown past this (a large book's snapshot) is let go rather than kept for good. */
  private static final int KEPT_BYTES = 4 << 20;
  private static final ThreadLocal<Held> HELD = ThreadLocal.withInitial(Held::new);

  /** The thread's builder and its buffer's size (a builder tells its size only once finished). */
  private static final class Held {
    FlatBufferBuilder builder = new FlatBufferBuilder(FIRST_BYTES);
    int capacity = FIRST_BYTES;
  }

  private ReusedBuilder() {}

  /** This thread's builder, empty, with room for {@code expectedBytes} (a guess; it grows). */
  static FlatBufferBuilder take(int expectedBytes) {
    Held held = HELD.get();
    if (expectedBytes > held.capacity) {
      FlatBufferBuilder b = new FlatBufferBuilder(expectedBytes);
      if (expectedBytes <= KEPT_BYTES) {
        held.builder = b;
        held.capacity = expectedBytes;
      }
      return b;
    }
    held.builder.clear();
    return held.builder;
  }

  /** The finished buffer's bytes; the builder is kept for the next one unless it grew too large. */
  static byte[] bytes(FlatBufferBuilder b) {
    byte[] bytes = b.sizedByteArray();
    Held held = HELD.get();
    if (held.builder == b) {
      int capacity = b.dataBuffer().capacity();
      if (capacity > KEPT_BYTES) {
        held.builder = new FlatBufferBuilder(FIRST_BYTES);
        held.capacity = FIRST_BYTES;
      } else {
        held.capacity = capacity;
      }
    }
    return bytes;
  }
}
