package bookshard.node;

import bookshard.protocol.GuardCommand;
import bookshard.protocol.GuardIds;
import bookshard.protocol.GuardReply;
import bookshard.protocol.Guards;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** The accounts' dead-man's switches, one sharded entity per account. */
final class ClusterGuards implements Guards {
  private final EntityAsks<GuardCommand> asks;

  ClusterGuards(ClusterSharding sharding, Duration timeout) {
    this.asks = new EntityAsks<>(sharding, GuardIds.TYPE_KEY, timeout);
  }

  @Override
  public CompletionStage<GuardReply> arm(String account, long timeoutMillis) {
    return asks.<GuardReply>ask(account, r -> new GuardCommand.Arm(account, timeoutMillis, r));
  }
}
