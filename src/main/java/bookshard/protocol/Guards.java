package bookshard.protocol;

import java.util.concurrent.CompletionStage;

/** Accounts' dead-man's switches, wherever in the cluster they live. */
public interface Guards {
  CompletionStage<GuardReply> arm(String account, long timeoutMillis);
}
