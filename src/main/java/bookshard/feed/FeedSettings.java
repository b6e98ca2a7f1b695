package bookshard.feed;

import java.time.Duration;

/**
 * Market data settings ({@code bookshard.feed}). {@code readerBuffer}: events a stream may lag
 * behind its book's shared poll before the oldest are dropped and re-read from the journal.
 */
public record FeedSettings(int readerBuffer, Duration keepAlive) {}
