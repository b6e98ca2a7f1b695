package bookshard.node;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The stage Pekko's ask returns is a Scala future seen as a CompletableFuture, which runs even
 * plain {@code thenApply} callbacks asynchronously on the default executor; on a 2-core machine
 * that executor starts a new thread per callback. A plain CompletableFuture completed on the
 * replying thread keeps callbacks cheap and synchronous, as callers expect (an order with
 * accounts on chains two asks: 6.2k against 38k commands/s).
 */
final class OnReplyingThread {
  private OnReplyingThread() {}

  static <T> CompletionStage<T> of(CompletionStage<T> pekkoStage) {
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
}
