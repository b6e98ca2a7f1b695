package bookshard.node;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.stream.StreamSupport;
import org.apache.pekko.cluster.MemberStatus;

import org.apache.pekko.cluster.typed.Cluster;

/**
 * One node's meters, scraped at {@code /metrics}: the books', the feed's and HTTP's (registered
 * where they are counted), the cluster's view of its members, and the JVM's (memory, GC,
 * threads, CPU). Every meter carries the node's address, so a dashboard over all nodes can
 * tell them apart.
 */
final class NodeMetrics implements AutoCloseable {
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  NodeMetrics(String nodeAddress) {
    registry.config().commonTags("node", nodeAddress);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** Members this node sees Up, and members it sees unreachable. */
  void bindCluster(Cluster cluster) {
    Gauge.builder("bookshard.cluster.members", cluster, c -> StreamSupport.stream(c.state().getMembers().spliterator(), false)
            .filter(m -> m.status() == MemberStatus.up()).count())
        .description("members Up, as this node sees them").register(registry);
    Gauge.builder("bookshard.cluster.unreachable", cluster, c -> c.state().getUnreachable().size())
        .description("members this node's failure detector cannot reach").register(registry);
  }

  /**
   * The journal's two connection pools ({@code write}: the journal and snapshots; {@code read}:
   * market data and history): connections in use, idle, and callers waiting for one, against
   * the pool's size. Waiting callers while all are in use is the journal, not the books, being
   * the limit.
   */
  void bindJournalPools(org.apache.pekko.actor.ActorSystem classic) {
    bindPool("write", JournalProbe.writePool(classic));
    bindPool("read", JournalProbe.pool(classic, "jdbc-read-journal"));
    JournalProbe probe = JournalProbe.get(classic);
    Gauge.builder("bookshard.journal.up", probe, p -> p.up() ? 1 : 0)
        .description("1 while this node reaches its journal (a valid connection every second), else 0").register(registry);
  }

  private void bindPool(String pool, HikariDataSource ds) {
    if (ds == null) {
      return;
    }
    java.util.Map<String, java.util.function.ToDoubleFunction<HikariPoolMXBean>> states = java.util.Map.of(
        "active", HikariPoolMXBean::getActiveConnections,
        "idle", HikariPoolMXBean::getIdleConnections,
        "waiting", HikariPoolMXBean::getThreadsAwaitingConnection);
    states.forEach((state, read) -> Gauge.builder("bookshard.journal.pool.connections", ds,
            d -> d.getHikariPoolMXBean() == null ? Double.NaN : read.applyAsDouble(d.getHikariPoolMXBean()))
        .description("the journal's database connections (waiting: callers waiting for one)")
        .tag("pool", pool).tag("state", state).register(registry));
    Gauge.builder("bookshard.journal.pool.max", ds, HikariDataSource::getMaximumPoolSize)
        .description("the most connections the pool opens").tag("pool", pool).register(registry);
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
