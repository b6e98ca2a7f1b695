package bookshard.node;

import bookshard.async.OnCompletingThread;
import bookshard.protocol.AccountCommand;
import bookshard.protocol.Accounts;
import bookshard.protocol.BookCommand;
import bookshard.protocol.BookIds;
import bookshard.protocol.Books;
import bookshard.protocol.FeedRequest;
import bookshard.protocol.GuardCommand;
import bookshard.protocol.Guards;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A member of the cluster that hosts nothing: it joins with the role {@code client} (not
 * {@link BookIds#ENGINE_ROLE}), so its sharding regions for books, ledgers and guards are proxies,
 * and it sends the typed messages the nodes send each other (FlatBuffers on the wire). What it
 * sends is decided where the nodes decide it: the book checks the instrument's rules, and with
 * accounts on, orders pass the same {@link bookshard.account.PreTradeRisk} as on a node.
 *
 * <p>It reads the same configuration as a node ({@code conf/application.conf} in the engine's
 * jar, then {@code overrides}); set {@code bookshard.cluster.seed-nodes} to the cluster's seeds,
 * and its instruments and {@code bookshard.accounts.enabled} as the cluster has them.
 */
public final class ClientMember implements AutoCloseable {
  public static final String ROLE = "client";

  private final ActorSystem<Void> system;
  private final Books books;
  private final Accounts accounts;
  private final Guards guards;
  private final Duration askTimeout;

  private ClientMember(ActorSystem<Void> system, Books books, Accounts accounts, Guards guards, Duration askTimeout) {
    this.system = system;
    this.askTimeout = askTimeout;
    this.books = books;
    this.accounts = accounts;
    this.guards = guards;
  }

  /**
   * Joins the cluster and returns once this member is up. {@code overrides} win over the
   * configuration; the remote port is 0 (any free one) unless set.
   */
  public static ClientMember join(Config overrides, Duration timeout) throws Exception {
    Config config = NodeConfig.load(overrides
        .withFallback(ConfigFactory.parseString("pekko.cluster.roles = [\"" + ROLE + "\"]\n"
            + "pekko.remote.artery.canonical.port = 0")));
    if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      throw new IllegalArgumentException("bookshard.cluster.seed-nodes must name the cluster's seed nodes");
    }
    NodeSettings settings = NodeSettings.from(config);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bookshard", config);
    try {
      awaitUp(system, timeout);
      ClusterSharding sharding = ClusterSharding.get(system);
      // Proxies only: a member without the engine role never hosts these entities.
      sharding.init(Entity.of(BookIds.TYPE_KEY, ctx -> Behaviors.<BookCommand>empty()).withRole(BookIds.ENGINE_ROLE));
      sharding.init(Entity.of(bookshard.protocol.AccountIds.TYPE_KEY, ctx -> Behaviors.<AccountCommand>empty())
          .withRole(BookIds.ENGINE_ROLE));
      sharding.init(Entity.of(bookshard.protocol.GuardIds.TYPE_KEY, ctx -> Behaviors.<GuardCommand>empty())
          .withRole(BookIds.ENGINE_ROLE));
      Duration askTimeout = settings.http().askTimeout();
      Accounts accounts = new ClusterAccounts(sharding, askTimeout);
      Books sharded = new ClusterBooks(sharding, settings.instruments(), askTimeout, null,
          new BookBatches(sharding, system, askTimeout));
      return new ClientMember(system, BookshardNode.behindRisk(config, sharded, accounts), accounts,
          new ClusterGuards(sharding, askTimeout), askTimeout);
    } catch (Exception e) {
      system.terminate();
      throw e;
    }
  }

  private static void awaitUp(ActorSystem<Void> system, Duration timeout) throws Exception {
    var up = new java.util.concurrent.CompletableFuture<Void>();
    org.apache.pekko.cluster.Cluster.get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system))
        .registerOnMemberUp(() -> up.complete(null));
    try {
      up.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("not a member of the cluster within " + timeout + " (seed nodes "
          + system.settings().config().getStringList("pekko.cluster.seed-nodes") + ")");
    }
  }

  /** The books, wherever they live; with accounts on, behind pre-trade risk. */
  public Books books() {
    return books;
  }

  public Accounts accounts() {
    return accounts;
  }

  public Guards guards() {
    return guards;
  }

  /**
   * A stream from an engine node (any that offers one): the elements of {@code stream}, encoded
   * as {@link FeedRequest} says. It fails when the node serving it leaves; ask again from the
   * last position.
   */
  public Source<byte[], NotUsed> feed(FeedRequest.Stream stream, String symbol, String account, long after) {
    CompletionStage<Source<byte[], NotUsed>> ref = anyFeed(System.nanoTime() + askTimeout.toNanos())
        .thenCompose(service -> OnCompletingThread.of(AskPattern.<FeedRequest, SourceRef<byte[]>>ask(service,
            replyTo -> new FeedRequest(stream, symbol, account, after, replyTo), askTimeout, system.scheduler())))
        .thenApply(SourceRef::getSource);
    return Source.completionStageSource(ref).mapMaterializedValue(m -> NotUsed.notUsed());
  }

  /** An engine node's feed; a member that just joined may not know of one yet, so it asks again until the deadline. */
  private CompletionStage<ActorRef<FeedRequest>> anyFeed(long deadlineNanos) {
    return OnCompletingThread.of(AskPattern.<Receptionist.Command, Receptionist.Listing>ask(system.receptionist(),
            r -> Receptionist.find(FeedRequest.SERVICE, r), askTimeout, system.scheduler()))
        .thenCompose(listing -> {
          List<ActorRef<FeedRequest>> services = new ArrayList<>(listing.getServiceInstances(FeedRequest.SERVICE));
          if (!services.isEmpty()) {
            return CompletableFuture.completedFuture(services.get(ThreadLocalRandom.current().nextInt(services.size())));
          }
          if (System.nanoTime() > deadlineNanos) {
            return CompletableFuture.failedFuture(new IllegalStateException("no engine node offers streams"));
          }
          CompletableFuture<Void> later = new CompletableFuture<>();
          system.scheduler().scheduleOnce(Duration.ofMillis(200), () -> later.complete(null), system.executionContext());
          return later.thenCompose(x -> anyFeed(deadlineNanos));
        });
  }

  /** Runs streams of this member ({@link #feed}'s must run here). */
  public Materializer materializer() {
    return Materializer.matFromSystem(system);
  }

  /** This member's cluster address. */
  public String address() {
    return Cluster.get(system).selfMember().address().toString();
  }

  /** Leaves the cluster and stops. */
  @Override
  public void close() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
