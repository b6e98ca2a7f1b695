package bookshard.node;

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

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
