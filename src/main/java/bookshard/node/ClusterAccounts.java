package bookshard.node;

import bookshard.protocol.AccountCommand;
import bookshard.protocol.AccountIds;
import bookshard.protocol.AccountReply;
import bookshard.protocol.AccountRequest;
import bookshard.protocol.Accounts;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** The accounts' ledgers, one sharded entity per account. */
final class ClusterAccounts implements Accounts {
  private final EntityAsks<AccountCommand> asks;

  ClusterAccounts(ClusterSharding sharding, Duration timeout) {
    this.asks = new EntityAsks<>(sharding, AccountIds.TYPE_KEY, timeout);
  }

  @Override
  public CompletionStage<AccountReply> send(String account, AccountRequest request) {
    return asks.<AccountReply>ask(account, replyTo -> new AccountCommand(request, replyTo));
  }
}
