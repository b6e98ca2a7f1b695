package bookshard.node;

import bookshard.entity.DurableWrites;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forces the embedded H2 journal's file to stable storage before writes are answered: H2's
 * commit (WRITE_DELAY=0) reaches the operating system's cache only. One thread runs H2's
 * {@code CHECKPOINT SYNC} (its store written and the file forced) for everything that asked
 * while the previous one ran: group commit of the force, so many books' and ledgers' batches
 * share one. A force that fails answers nobody: their callers time out and retry with their ids.
 */
final class H2ForcedWrites implements DurableWrites, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(H2ForcedWrites.class);

  private final Connection connection;
  private final Thread forcer;
  private final AtomicLong forces = new AtomicLong();
  private List<CompletableFuture<Void>> waiting = new ArrayList<>();
  private boolean closed;

  H2ForcedWrites(JournalDatabase db) throws SQLException {
    connection = db.connect();
    forcer = new Thread(this::forceLoop, "h2-force");
    forcer.setDaemon(true);
    forcer.start();
  }

  @Override
  public CompletionStage<Void> forced() {
    CompletableFuture<Void> f = new CompletableFuture<>();
    synchronized (this) {
      waiting.add(f);
      notify();
    }
    return f;
  }

  /** Forces done so far: each covers every write reported done before it started. */
  long forces() {
    return forces.get();
  }

  private void forceLoop() {
    while (true) {
      List<CompletableFuture<Void>> batch;
      synchronized (this) {
        while (waiting.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        batch = waiting;
        waiting = new ArrayList<>();
      }
      try (Statement s = connection.createStatement()) {
        s.execute("CHECKPOINT SYNC");
        forces.incrementAndGet();
      } catch (SQLException e) {
        LOG.error("forcing the H2 journal to disk failed: {} writes stay unanswered", batch.size(), e);
        batch.forEach(f -> f.completeExceptionally(e));
        continue;
      }
      batch.forEach(f -> f.complete(null));
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notify();
    }
    try {
      forcer.join(5000);
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      LOG.warn("closing the H2 force connection: {}", e.getMessage());
    }
  }
}
