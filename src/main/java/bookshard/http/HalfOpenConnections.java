package bookshard.http;

import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Connections that have not yet sent a complete first request, oldest first, at most
 * {@code max}. A new one beyond that closes the oldest: a client that sends its request at once
 * (as every real client does) always gets in, however many idle connections someone holds.
 */
final class HalfOpenConnections {
  private final int max;
  private final ConcurrentLinkedDeque<Runnable> waiting = new ConcurrentLinkedDeque<>();

  HalfOpenConnections(int max) {
    this.max = max;
  }

  /** {@code close} is called (once, from any thread) if this connection is pushed out. */
  void admit(Runnable close) {
    waiting.addLast(close);
    while (waiting.size() > max) {
      Runnable oldest = waiting.pollFirst();
      if (oldest != null) {
        oldest.run();
      }
    }
  }

  void leave(Runnable close) {
    waiting.remove(close);
  }
}
