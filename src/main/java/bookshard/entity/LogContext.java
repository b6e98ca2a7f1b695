package bookshard.entity;

/**
 * What every line an actor logs is tagged with ({@code book}: the symbol, {@code account}: the
 * account; a field of JSON logs), put in the MDC only around a line logged. Pekko's
 * {@code Behaviors.withMdc} sets and clears it on every message instead: a new map per message on
 * the path every order takes (~5% of the bytes a durable order allocated), for lines logged rarely.
 */
record LogContext(String key, String value) {
  void log(Runnable line) {
    org.slf4j.MDC.put(key, value);
    try {
      line.run();
    } finally {
      org.slf4j.MDC.remove(key);
    }
  }
}
