package bookshard.protocol;

/**
 * A book snapshot as the snapshot store keeps it: FlatBuffers {@code FbBookSnapshot} bytes,
 * written and read as they are. Who needs the whole state decodes all of it; the depth stream
 * decodes only the resting orders.
 */
public record SnapshotBytes(byte[] bytes) {}
