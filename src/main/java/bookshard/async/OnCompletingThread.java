package bookshard.async;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Every stage that Pekko completes (an ask, a stream's materialized value, a persistence query)
 * is a Scala future seen as a CompletableFuture, which runs even plain {@code thenApply}
 * callbacks asynchronously on the common pool; on a machine with two CPUs or fewer that pool
 * starts a new thread per callback (one per order over the WebSocket, before this was used
 * there). The plain CompletableFuture returned here is completed on the thread that completed
 * Pekko's, so callbacks chained on it run there, synchronously, as callers expect.
 * {@code NoThreadPerOrderTest} fails if an order path forgets it.
 */
public final class OnCompletingThread {
  private OnCompletingThread() {}

  /** Runs a Scala future's callback on the thread that completes it. */
  private static final scala.concurrent.ExecutionContext ON_COMPLETING_THREAD =
      scala.concurrent.ExecutionContext.fromExecutor(Runnable::run);

  public static <T> CompletableFuture<T> of(CompletionStage<T> pekkoStage) {
    CompletableFuture<T> plain = new CompletableFuture<>();
    pekkoStage.whenCompleteAsync((r, e) -> {
      if (e != null) {
        plain.completeExceptionally(e);
      } else {
        plain.complete(r);
      }
    }, Runnable::run);
    return plain;
  }

  /**
   * A Scala future (an ask through Pekko's Scala API) the same way, without the Java view that
   * Pekko's javadsl wraps around it: two futures and their callbacks fewer per request.
   */
  public static <T> CompletableFuture<T> of(scala.concurrent.Future<T> pekkoFuture) {
    CompletableFuture<T> plain = new CompletableFuture<>();
    pekkoFuture.onComplete(result -> {
      if (result.isSuccess()) {
        plain.complete(result.get());
      } else {
        plain.completeExceptionally(result.failed().get());
      }
      return null;
    }, ON_COMPLETING_THREAD);
    return plain;
  }
}
