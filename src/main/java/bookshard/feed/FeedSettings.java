package bookshard.feed;

import java.time.Duration;

/**
 * Market data settings ({@code bookshard.feed}). {@code readerBuffer}: events a stream may lag
 * behind its book's live events before the oldest are dropped and re-read from the journal;
 * {@code backstopPoll}: how often the journal is asked for events a lost push left out;
 * {@code depthIdle}: how long a node keeps following a book's depth with no subscriber.
 */
public record FeedSettings(int readerBuffer, Duration keepAlive, Duration backstopPoll, Duration depthIdle) {}
