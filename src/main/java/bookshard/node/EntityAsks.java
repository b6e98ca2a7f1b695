package bookshard.node;

import bookshard.async.OnCompletingThread;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.sharding.typed.scaladsl.EntityRef;

/**
 * Asks to one kind of sharded entity, as every order makes (its book, its account's ledger):
 * <ul>
 *   <li>through Pekko's Scala API, completed on the replying thread: the Java API's ask wraps
 *       each answer in two more futures and their callbacks;</li>
 *   <li>with one reference per entity, made once: sharding's {@code entityRefFor} builds a new
 *       one on every call, URL-encoding the id. At most {@code MAX_REFS} are kept (accounts are
 *       many); past that the cache starts again.</li>
 * </ul>
 */
final class EntityAsks<M> {
  private static final int MAX_REFS = 100_000;

  private final ClusterSharding sharding;
  private final EntityTypeKey<M> type;
  private final org.apache.pekko.util.Timeout timeout;
  private final ConcurrentHashMap<String, EntityRef<M>> refs = new ConcurrentHashMap<>();

  EntityAsks(ClusterSharding sharding, EntityTypeKey<M> type, Duration timeout) {
    this.sharding = sharding;
    this.type = type;
    this.timeout = org.apache.pekko.util.Timeout.create(timeout);
  }

  /** {@code message}: a Scala function, so a Java lambda is passed to Pekko as it is, not wrapped again. */
  <R> CompletionStage<R> ask(String entityId, scala.Function1<ActorRef<R>, M> message) {
    EntityRef<M> ref = refs.get(entityId);
    if (ref == null) {
      if (refs.size() >= MAX_REFS) {
        refs.clear();
      }
      ref = refs.computeIfAbsent(entityId, id -> (EntityRef<M>) sharding.entityRefFor(type, id));
    }
    return OnCompletingThread.of(ref.<R>ask(message, timeout));
  }
}
