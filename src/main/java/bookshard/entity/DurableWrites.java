package bookshard.entity;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What stands between a journal write the journal reports done and its acknowledgement: the
 * point where it is on stable storage. PostgreSQL with synchronous commit has forced its log
 * before it reports a commit ({@link #AT_COMMIT}); the embedded H2 journal has not (its commit
 * reaches the operating system's cache, which a kill -9 keeps and a power loss does not), so
 * there the file is forced before anyone is answered.
 */
public interface DurableWrites {
  /** Completes once every write reported done before this call is on stable storage. */
  CompletionStage<Void> forced();

  /** The journal is durable at commit: nothing more to wait for. */
  DurableWrites AT_COMMIT = () -> CompletableFuture.completedFuture(null);
}
