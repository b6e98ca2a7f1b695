package bookshard.node;

import bookshard.protocol.GuardCommand;
import bookshard.protocol.GuardIds;
import bookshard.protocol.GuardReply;
import bookshard.protocol.Guards;
import bookshard.async.OnCompletingThread;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** The accounts' dead-man's switches, one sharded entity per account. */
final class ClusterGuards implements Guards {
  private final ClusterSharding sharding;
  private final Duration timeout;

  ClusterGuards(ClusterSharding sharding, Duration timeout) {
    this.sharding = sharding;
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<GuardReply> arm(String account, long timeoutMillis) {
    return OnCompletingThread.of(sharding.entityRefFor(GuardIds.TYPE_KEY, account)
        .ask(r -> new GuardCommand.Arm(account, timeoutMillis, r), timeout));
  }
}
