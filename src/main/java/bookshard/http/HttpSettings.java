package bookshard.http;

import java.time.Duration;

/**
 * The HTTP API's settings ({@code bookshard.http}). {@code tls}: null for plain HTTP, else HTTPS
 * and WSS with the key and certificate of a PKCS12 keystore.
 */
public record HttpSettings(
    String host,
    int port,
    Duration askTimeout,
    long maxBodyBytes,
    int maxDepth,
    int maxTradesLimit,
    int maxOrdersLimit,
    int maxHalfOpenConnections,
    Duration requestHeaderTimeout,
    Tls tls) {

  /** A PKCS12 keystore holding the server's key and certificate chain. */
  public record Tls(java.nio.file.Path keystore, char[] password) {}

  public HttpSettings(String host, int port, Duration askTimeout, long maxBodyBytes, int maxDepth, int maxTradesLimit,
      int maxOrdersLimit, int maxHalfOpenConnections, Duration requestHeaderTimeout) {
    this(host, port, askTimeout, maxBodyBytes, maxDepth, maxTradesLimit, maxOrdersLimit, maxHalfOpenConnections,
        requestHeaderTimeout, null);
  }

  /** http or https. */
  public String scheme() {
    return tls == null ? "http" : "https";
  }
}
