package bookshard.node;

import bookshard.async.OnCompletingThread;
import bookshard.protocol.BookIds;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Readiness: the shard coordinator answers and counts this node's region among the live ones,
 * so a request for any book can be routed from here. (Member Up is pekko-management's own check.)
 */
public final class ShardingReadinessCheck implements Supplier<CompletionStage<Boolean>> {
  private final ActorSystem system;

  public ShardingReadinessCheck(ActorSystem system) {
    this.system = system;
  }

  @Override
  public CompletionStage<Boolean> get() {
    var typed = Adapter.toTyped(system);
    var self = Cluster.get(system).selfAddress();
    return OnCompletingThread.of(AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery,
            org.apache.pekko.cluster.sharding.ShardRegion.ClusterShardingStats>ask(
            ClusterSharding.get(typed).shardState(),
            replyTo -> new GetClusterShardingStats(BookIds.TYPE_KEY, Duration.ofMillis(800), replyTo),
            Duration.ofSeconds(1),
            typed.scheduler()))
        .thenApply(stats -> stats.getRegions().containsKey(self));
  }
}
