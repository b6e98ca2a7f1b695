package bookshard.entity;

/**
 * A snapshot already encoded (FlatBuffers {@code BookSnapshot}) by the {@link BookSnapshotter}.
 * The snapshot store writes these bytes as they are; reading them back yields a {@link BookState}.
 */
public record EncodedBookState(byte[] bytes) {}
