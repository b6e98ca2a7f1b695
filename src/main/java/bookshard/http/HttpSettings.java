package bookshard.http;

import java.time.Duration;

/** The HTTP API's settings ({@code bookshard.http}). */
public record HttpSettings(
    String host,
    int port,
    Duration askTimeout,
    long maxBodyBytes,
    int maxDepth,
    int maxTradesLimit,
    int maxOrdersLimit,
    int maxHalfOpenConnections,
    Duration requestHeaderTimeout) {}
