package bookshard.node;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.persistence.jdbc.db.SlickExtension;
import org.apache.pekko.persistence.jdbc.db.SlickExtensionImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import slick.jdbc.hikaricp.HikariCPJdbcDataSource;

/**
 * Whether this node reaches its journal: every second a connection is taken from the journal's
 * write pool and checked. A node that cannot write its books' rows cannot acknowledge anything,
 * while the cluster sees nothing wrong with it; so it says so, on {@code /ready} (503, see
 * {@link Readiness}) and in {@code bookshard_journal_up}, for a load balancer and an operator.
 */
public final class JournalProbe implements Extension {
  private static final Logger LOG = LoggerFactory.getLogger(JournalProbe.class);
  private static final Duration EVERY = Duration.ofSeconds(1);

  private static final AbstractExtensionId<JournalProbe> ID = new AbstractExtensionId<>() {
    @Override
    public JournalProbe createExtension(ExtendedActorSystem system) {
      return new JournalProbe(system);
    }
  };

  private volatile boolean up;
  private volatile boolean probed;

  public static JournalProbe get(ActorSystem system) {
    return ID.get(system);
  }

  private JournalProbe(ExtendedActorSystem system) {
    HikariDataSource pool = writePool(system);
    if (pool == null) {
      up = true;
      probed = true;
      return;
    }
    var blocking = system.dispatchers().lookup("pekko.actor.default-blocking-io-dispatcher");
    var shutdown = org.apache.pekko.actor.CoordinatedShutdown.get(system);
    system.scheduler().scheduleWithFixedDelay(Duration.ZERO, EVERY, () -> {
      // A node that is stopping closes its pool: that is not the journal going away.
      if (shutdown.getShutdownReason().isEmpty()) {
        probe(pool);
      }
    }, blocking);
  }

  /** The write pool (the journal's and the snapshots'), or null if it is not a HikariCP pool. */
  static HikariDataSource writePool(ActorSystem system) {
    return pool(system, "jdbc-journal");
  }

  static HikariDataSource pool(ActorSystem system, String plugin) {
    Object source = ((SlickExtensionImpl) SlickExtension.get(system))
        .database(system.settings().config().getConfig(plugin)).database().source();
    return source instanceof HikariCPJdbcDataSource hikari ? hikari.ds() : null;
  }

  private void probe(HikariDataSource pool) {
    boolean now;
    String why = null;
    try (Connection c = pool.getConnection()) {
      now = c.isValid(2);
    } catch (Exception e) {
      now = false;
      why = e.getMessage();
    }
    // The start-up summary says the journal is there; only a change is logged after it.
    if (probed ? now != up : !now) {
      if (now) {
        LOG.info("journal reachable again: ready");
      } else {
        LOG.warn("journal unreachable, so this node is not ready (its books cannot write): {}", why);
      }
    }
    up = now;
    probed = true;
  }

  /** The last probe found a valid connection. */
  public boolean up() {
    return up;
  }

  /** {@code /ready}: not while the journal cannot be reached. */
  public static final class Readiness implements Supplier<CompletionStage<Boolean>> {
    private final ActorSystem system;

    public Readiness(ActorSystem system) {
      this.system = system;
    }

    @Override
    public CompletionStage<Boolean> get() {
      return CompletableFuture.completedFuture(JournalProbe.get(system).up());
    }
  }
}
