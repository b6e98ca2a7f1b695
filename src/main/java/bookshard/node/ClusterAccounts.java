package bookshard.node;

import bookshard.protocol.AccountCommand;
import bookshard.protocol.AccountIds;
import bookshard.protocol.AccountReply;
import bookshard.protocol.AccountRequest;
import bookshard.protocol.Accounts;
import bookshard.async.OnCompletingThread;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** The accounts' ledgers, one sharded entity per account. */
final class ClusterAccounts implements Accounts {
  private final ClusterSharding sharding;
  private final Duration timeout;

  ClusterAccounts(ClusterSharding sharding, Duration timeout) {
    this.sharding = sharding;
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<AccountReply> send(String account, AccountRequest request) {
    return OnCompletingThread.of(sharding.entityRefFor(AccountIds.TYPE_KEY, account)
        .ask(replyTo -> new AccountCommand(request, replyTo), timeout));
  }
}
