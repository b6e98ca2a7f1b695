package bookshard.node;

import bookshard.protocol.AccountCommand;
import bookshard.protocol.AccountIds;
import bookshard.protocol.AccountReply;
import bookshard.protocol.Accounts;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** The accounts' ledgers, one sharded entity per account. */
final class ClusterAccounts implements Accounts {
  private final ClusterSharding sharding;
  private final Duration timeout;

  ClusterAccounts(ClusterSharding sharding, Duration timeout) {
    this.sharding = sharding;
    this.timeout = timeout;
  }

  /**
   * Completed on the replying thread, as {@link ClusterBooks} does: Pekko's stage runs every
   * callback on the default executor, which on two cores is a new thread per callback, and
   * every order's hold has two (hold, then place).
   */
  @Override
  public CompletionStage<AccountReply> ask(String account, Function<ActorRef<AccountReply>, AccountCommand> command) {
    CompletableFuture<AccountReply> reply = new CompletableFuture<>();
    sharding.entityRefFor(AccountIds.TYPE_KEY, account).ask(command::apply, timeout)
        .whenCompleteAsync((r, e) -> {
          if (e != null) {
            reply.completeExceptionally(e);
          } else {
            reply.complete(r);
          }
        }, Runnable::run);
    return reply;
  }
}
