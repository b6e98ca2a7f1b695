package bookshard.node;

import bookshard.async.OnCompletingThread;
import bookshard.entity.AccountGuard;
import bookshard.entity.BookMetrics;
import bookshard.entity.BookSettlement;
import bookshard.account.PreTradeRisk;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import bookshard.kafka.KafkaPublisher;
import bookshard.kafka.KafkaSettings;
import bookshard.entity.BookSettings;
import bookshard.entity.ShardedBook;
import bookshard.feed.MarketData;
import bookshard.http.BookRoutes;
import bookshard.http.FrontDoor;
import bookshard.protocol.BookIds;
import bookshard.protocol.Books;
import bookshard.protocol.GuardIds;
import bookshard.protocol.Guards;
import com.typesafe.config.Config;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.HealthCheckSettings;
import org.apache.pekko.management.javadsl.HealthChecks;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;

/** A running node: actor system, cluster membership, book sharding and the HTTP API. */
public final class BookshardNode implements AutoCloseable {
  private final ActorSystem<Void> system;
  private final Guards guards;
  private final Books books;
  private final MarketData marketData;
  private final Route route;
  private final FrontDoor binding;
  private final NodeMetrics metrics;
  private final bookshard.protocol.Accounts accounts;
  /** The FIX gateway and its store's pool, or null when FIX is off. */
  private final bookshard.fix.FixGateway fix;
  private final com.zaxxer.hikari.HikariDataSource fixStore;
  /** Forces the H2 journal's file before writes are answered; null on PostgreSQL or when turned off. */
  private final H2ForcedWrites h2Forced;
  /** http, or https with bookshard.http.tls. */
  private final String scheme;

  private BookshardNode(
      ActorSystem<Void> system, Books books, Guards guards, MarketData marketData, Route route, FrontDoor binding,
      NodeMetrics metrics, bookshard.protocol.Accounts accounts, bookshard.fix.FixGateway fix,
      com.zaxxer.hikari.HikariDataSource fixStore, H2ForcedWrites h2Forced) {
    this.h2Forced = h2Forced;
    this.scheme = system.settings().config().getString("bookshard.http.tls.keystore").isEmpty() ? "http" : "https";
    this.fix = fix;
    this.fixStore = fixStore;
    this.metrics = metrics;
    this.accounts = accounts;
    this.system = system;
    this.books = books;
    this.guards = guards;
    this.marketData = marketData;
    this.route = route;
    this.binding = binding;
  }

  public static BookshardNode start(Config overrides) throws Exception {
    Config config = NodeConfig.load(overrides);
    NodeSettings settings = NodeSettings.from(config);
    nameLogs(config.getString("pekko.remote.artery.canonical.hostname") + ":"
        + config.getInt("pekko.remote.artery.canonical.port"));
    if (settings.createSchema()) {
      SchemaInstaller.apply(settings.journal());
    }
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bookshard", config);
    NodeMetrics metrics = null;
    H2ForcedWrites h2Forced = null;
    bookshard.fix.FixGateway fix = null;
    com.zaxxer.hikari.HikariDataSource fixStore = null;
    try {
      Cluster cluster = Cluster.get(system);
      boolean bootstrap = !config.getString("bookshard.cluster.discovery").isEmpty();
      if (config.getStringList("pekko.cluster.seed-nodes").isEmpty() && !bootstrap) {
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      }
      metrics = new NodeMetrics(cluster.selfMember().address().toString());
      nameLogs(cluster.selfMember().address().toString());
      metrics.bindCluster(cluster);
      metrics.bindJournalPools(Adapter.toClassic(system));
      boolean accountsOn = config.getBoolean("bookshard.accounts.enabled");
      bookshard.entity.DurableWrites durable = bookshard.entity.DurableWrites.AT_COMMIT;
      if (!settings.journal().isPostgres() && config.getBoolean("bookshard.h2.force-writes")) {
        h2Forced = new H2ForcedWrites(settings.journal());
        durable = h2Forced;
        io.micrometer.core.instrument.FunctionCounter.builder("bookshard.journal.forces", h2Forced, H2ForcedWrites::forces)
            .description("Times the H2 journal's file was forced to disk before answering the writes waiting for it")
            .register(metrics.registry);
      }
      bookshard.entity.DurableWrites durableWrites = durable;
      BookSettings bookSettings = settings.book().withNodeAddress(cluster.selfMember().address().toString())
          .withDurableWrites(durable)
          .withMetrics(bookMetrics(metrics, settings)).withFundedAmendsOnly(accountsOn);
      ClusterSharding sharding = ClusterSharding.get(system);
      MarketData marketData = new MarketData(system, settings.feed(), metrics.registry);
      // Client members have no journal: they ask any engine node for their streams.
      system.receptionist().tell(org.apache.pekko.actor.typed.receptionist.Receptionist.register(
          bookshard.protocol.FeedRequest.SERVICE,
          system.systemActorOf(bookshard.feed.FeedService.create(marketData), "feed-service",
              org.apache.pekko.actor.typed.Props.empty())));
      // Ledgers report long-open holds to the books, which are started below.
      java.util.concurrent.atomic.AtomicReference<Books> booksForLedgers = new java.util.concurrent.atomic.AtomicReference<>();
      bookshard.entity.AccountLedger.Sweeper sweeper = accountsOn ? new bookshard.entity.AccountLedger.Sweeper(
          booksForLedgers::get, config.getDuration("bookshard.accounts.abandon-holds-after")) : null;
      sharding.init(Entity.of(bookshard.protocol.AccountIds.TYPE_KEY,
          ctx -> bookshard.entity.AccountLedger.create(ctx.getEntityId(), config.getInt("bookshard.accounts.snapshot-every"),
              sweeper, durableWrites, config.getString("bookshard.accounts.journal-plugin"))).withRole(BookIds.ENGINE_ROLE));
      bookshard.protocol.Accounts accounts = new ClusterAccounts(sharding, settings.http().askTimeout());
      String feeAccount = config.getString("bookshard.accounts.fee-account");
      KafkaSettings kafka = settings.kafka();
      sharding.init(Entity.of(BookIds.TYPE_KEY, ctx -> ShardedBook.create(ctx.getEntityId(), bookSettings,
          companions(kafka.enabled() ? symbol -> KafkaPublisher.create(symbol, kafka, marketData) : null,
              accountsOn ? symbol -> BookSettlement.create(symbol, settings.instruments().terms().apply(symbol), feeAccount,
                  accounts, marketData::rows) : null))).withRole(BookIds.ENGINE_ROLE));
      JdbcReadJournal readJournal = PersistenceQuery.get(Adapter.toClassic(system))
          .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
      // An ask per request, not BookBatches: batches here raised the peak 1.17-1.20x but made the p99 at
      // 30k durable orders/s 3-4x worse (docs/performance.md, "Allocation on the durable engine path").
      Books sharded = new ClusterBooks(sharding, settings.instruments(), settings.http().askTimeout(), readJournal);
      Books books = behindRisk(config, sharded, accounts);
      booksForLedgers.set(books);
      sharding.init(Entity.of(GuardIds.TYPE_KEY,
          ctx -> AccountGuard.create(ctx.getEntityId(), books, System::currentTimeMillis,
              self -> ctx.getShard().tell(new ClusterSharding.Passivate<>(self.unsafeUpcast())), durableWrites))
          .withRole(BookIds.ENGINE_ROLE));
      Guards guards = new ClusterGuards(sharding, settings.http().askTimeout());
      PekkoManagement.get(system).start().toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (bootstrap) {
        // Contact points come from discovery (the Kubernetes API); the one with the lowest address
        // forms the cluster when all required ones are found, the others join it.
        org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap.get(system).start();
      }
      HealthChecks health = new HealthChecks((ExtendedActorSystem) Adapter.toClassic(system),
          HealthCheckSettings.create(config.getConfig("pekko.management.health-checks")));
      BookRoutes api = new BookRoutes(books, guards, accountsOn ? accounts : null, marketData,
          () -> OnCompletingThread.of(health.readyResult()).thenApply(r -> r.isSuccess() ? Optional.<String>empty() : r.failure()),
          settings.http(), settings.auth(), settings.feed().keepAlive(), metrics.registry);
      Route route = api.route();
      FrontDoor binding = FrontDoor.bind(system, api.handler(system), settings.http())
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (settings.fix().enabled()) {
        fixStore = fixStore(settings.journal());
        fix = bookshard.fix.FixGateway.start(system, books, marketData, fixStore, settings.fix(), java.time.Duration.ofSeconds(30));
      }
      summarize(settings, binding, h2Forced != null, accountsOn, fix);
      return new BookshardNode(system, books, guards, marketData, route, binding, metrics, accounts, fix, fixStore,
          h2Forced);
    } catch (Exception e) {
      if (fix != null) {
        fix.close();
      }
      if (fixStore != null) {
        fixStore.close();
      }
      system.terminate();
      if (h2Forced != null) {
        h2Forced.close();
      }
      if (metrics != null) {
        metrics.close();
      }
      throw e;
    }
  }

  /** What runs beside each book: Kafka publication, settlement, both, or nothing (null). */
  private static Function<String, Behavior<?>> companions(Function<String, Behavior<?>> a,
      Function<String, Behavior<?>> b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return symbol -> Behaviors.setup(ctx -> {
      ctx.spawn(a.apply(symbol), "kafka");
      ctx.spawn(b.apply(symbol), "settlement");
      return Behaviors.empty();
    });
  }

  /** In JSON logs every line names its node: a logger context property (the configured address until bound). */
  private static void nameLogs(String node) {
    if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logs) {
      logs.putProperty("node", node);
    }
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public Books books() {
    return books;
  }

  public Guards guards() {
    return guards;
  }

  public bookshard.protocol.Accounts accounts() {
    return accounts;
  }

  public MarketData marketData() {
    return marketData;
  }

  public Route route() {
    return route;
  }

  /** The books' meters, the configured books' at zero from the start (a pattern's books appear when they start). */
  private static BookMetrics bookMetrics(NodeMetrics metrics, NodeSettings settings) {
    BookMetrics books = new BookMetrics(metrics.registry);
    settings.instruments().symbols().forEach(books::book);
    return books;
  }

  /** The books as a node or a client member hands them out: with accounts on, behind pre-trade risk. */
  static Books behindRisk(Config config, Books sharded, bookshard.protocol.Accounts accounts) {
    return config.getBoolean("bookshard.accounts.enabled")
        ? new PreTradeRisk(sharded, accounts, config.getLong("bookshard.accounts.stop-buy-protection-bps"),
            config.getDuration("bookshard.accounts.abandon-holds-after"))
        : sharded;
  }

  /** This node's cluster address ({@code pekko://bookshard@host:port}): what a client names as a seed node. */
  public String clusterAddress() {
    return Cluster.get(system).selfMember().address().toString();
  }

  public int httpPort() {
    return binding.localAddress().getPort();
  }

  public String baseUrl() {
    return scheme + "://" + binding.localAddress().getHostString() + ":" + httpPort();
  }

  /**
   * One line that says what this node is: version, journal and whether an acknowledgement is
   * durable, where it listens, and which features are on; and a warning when anyone may trade as
   * any account.
   */
  private static void summarize(NodeSettings s, FrontDoor binding, boolean h2Forced, boolean accountsOn,
      bookshard.fix.FixGateway fix) {
    org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BookshardNode.class);
    String version = BookshardNode.class.getPackage().getImplementationVersion();
    String journal = s.journal().isPostgres()
        ? "PostgreSQL " + s.journal().url().replaceFirst("\\?.*", "") + " (durable at commit with synchronous_commit on)"
        : "H2 " + s.journal().url().replaceFirst(";.*", "").replaceFirst("^jdbc:h2:file:", "") + ".mv.db"
            + (h2Forced ? " (durable: forced to disk before each acknowledgement)"
                : " (NOT durable against power loss: bookshard.h2.force-writes = off)");
    log.info("bookshard {} ready: journal {}; HTTP and WebSocket on {}://{}:{} ({}); API keys {}; accounts {};"
            + " Kafka {}; FIX {}", version == null ? "(development build)" : version, journal, s.http().scheme(),
        binding.localAddress().getHostString(), binding.localAddress().getPort(),
        s.http().tls() == null ? "no TLS" : "TLS, key from " + s.http().tls().keystore(), s.auth().enabled() ? "on" : "off",
        accountsOn ? "on" : "off", s.kafka().enabled() ? "on (" + s.kafka().bootstrapServers() + ")" : "off",
        fix == null ? "off" : "on (port " + fix.port() + ")");
    if (!s.auth().enabled()) {
      log.warn("API keys are off (bookshard.auth.enabled): anyone who reaches port {} can trade as any account",
          binding.localAddress().getPort());
    }
    String heapAdvice = heapAdvice();
    if (heapAdvice != null) {
      log.info(heapAdvice);
    }
  }

  /**
   * A heap that grows, or whose pages are first touched by the collector, made young collections
   * pause 40-80 ms where a fixed, pre-touched heap paused 6-20 ms (docs/operations.md, "JVM"):
   * said at start, as the latency it costs shows only under load.
   */
  static String heapAdvice() {
    long initial;
    long max;
    boolean preTouched;
    try {
      var vm = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      initial = Long.parseLong(vm.getVMOption("InitialHeapSize").getValue());
      max = Long.parseLong(vm.getVMOption("MaxHeapSize").getValue());
      preTouched = Boolean.parseBoolean(vm.getVMOption("AlwaysPreTouch").getValue());
    } catch (RuntimeException notHotSpot) {
      return null;
    }
    return initial >= max && preTouched ? null : String.format("the heap starts at %d MB of %d MB%s: for steady latency"
        + " under load start the JVM with -Xms equal to -Xmx and -XX:+AlwaysPreTouch (docs/operations.md, \"JVM\")",
        initial >> 20, max >> 20, preTouched ? "" : " and is not pre-touched");
  }

  /** A small pool on the journal's database for the FIX session store: a message sent is a row written. */
  private static com.zaxxer.hikari.HikariDataSource fixStore(JournalDatabase db) {
    com.zaxxer.hikari.HikariConfig c = new com.zaxxer.hikari.HikariConfig();
    c.setJdbcUrl(db.url());
    c.setUsername(db.user());
    c.setPassword(db.password());
    c.setMaximumPoolSize(4);
    c.setPoolName("fix-store");
    return new com.zaxxer.hikari.HikariDataSource(c);
  }

  /** The FIX gateway's port, or -1 when FIX is off. */
  public int fixPort() {
    return fix == null ? -1 : fix.port();
  }

  @Override
  public void close() throws Exception {
    if (fix != null) {
      fix.close();
      fixStore.close();
    }
    if (!system.getWhenTerminated().toCompletableFuture().isDone()) {
      // A node the cluster downed has stopped already, its port with it.
      binding.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    if (h2Forced != null) {
      h2Forced.close();
    }
    metrics.close();
  }
}
