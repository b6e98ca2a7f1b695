package bookshard.protocol;

import java.util.concurrent.CompletionStage;

/** Accounts' ledgers, wherever in the cluster they live. */
public interface Accounts {
  /** A request to the ledger of {@code account}, and its answer; the adapter adds the reply address. */
  CompletionStage<AccountReply> send(String account, AccountRequest request);
}
