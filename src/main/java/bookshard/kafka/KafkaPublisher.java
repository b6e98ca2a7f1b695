package bookshard.kafka;

import bookshard.feed.MarketData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Publishes one book's market data to Kafka, exactly once: each journal row's trades,
 * executions and depth updates, in order, from the row after the last one published.
 *
 * <p>It runs beside the book (a child of the sharded entity), so there is one per book in the
 * cluster. Its producer is transactional, with the book's own transactional id: the records of
 * a group of rows and the number of the last of those rows (on the compacted offsets topic) are
 * committed in one Kafka transaction. A publisher that starts (after a crash, a failover, a
 * restart) first fences any older one with the same id, which aborts its open transaction, then
 * reads that number back and goes on from the next row: readers with {@code
 * isolation.level=read_committed} see every trade once, in match id order.
 */
public final class KafkaPublisher {
  private record Ready(KafkaProducer<String, byte[]> producer, long afterRow) {}

  private record Failed(Throwable cause) {}

  private final ActorContext<Object> ctx;
  private final String symbol;
  private final KafkaSettings settings;
  private final MarketData marketData;
  private final Executor blocking;
  private KafkaProducer<String, byte[]> producer;
  private UniqueKillSwitch stream;

  /** Restarted with backoff after any failure (broker away, a transaction refused): it resumes from Kafka's offset. */
  public static Behavior<Object> create(String symbol, KafkaSettings settings, MarketData marketData) {
    return Behaviors.supervise(Behaviors.<Object>setup(ctx -> new KafkaPublisher(ctx, symbol, settings, marketData).start()))
        .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2));
  }

  private KafkaPublisher(ActorContext<Object> ctx, String symbol, KafkaSettings settings, MarketData marketData) {
    this.ctx = ctx;
    this.symbol = symbol;
    this.settings = settings;
    this.marketData = marketData;
    this.blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
  }

  private Behavior<Object> start() {
    ctx.pipeToSelf(CompletableFuture.supplyAsync(this::connect, blocking), (ready, t) -> t == null ? ready : new Failed(t));
    return Behaviors.receive(Object.class)
        .onMessage(Ready.class, this::publish)
        .onMessage(Failed.class, f -> {
          throw new IllegalStateException("Kafka publication of " + symbol + " failed; restarting it", f.cause());
        })
        .onSignal(PreRestart.class, s -> close())
        .onSignal(PostStop.class, s -> close())
        .build();
  }

  /** Topics, a producer that fenced its predecessors, and the last row they committed. */
  private Ready connect() {
    createTopics();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bookshard-publisher-" + symbol);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    KafkaProducer<String, byte[]> kp = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    try {
      kp.initTransactions();
      return new Ready(kp, lastPublishedRow());
    } catch (RuntimeException e) {
      kp.close(Duration.ZERO);
      throw e;
    }
  }

  private void createTopics() {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", settings.bootstrapServers()))) {
      List<NewTopic> topics = List.of(
          new NewTopic(settings.tradesTopic(), settings.partitions(), (short) -1),
          new NewTopic(settings.executionsTopic(), settings.partitions(), (short) -1),
          new NewTopic(settings.depthTopic(), settings.partitions(), (short) -1),
          new NewTopic(settings.offsetsTopic(), 1, (short) -1)
              .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
      for (var f : admin.createTopics(topics).values().values()) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("creating Kafka topics", e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The book's last committed row on the offsets topic (0: none), read to its end. */
  private long lastPublishedRow() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = c.partitionsFor(settings.offsetsTopic()).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions);
      long last = 0;
      while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
          if (symbol.equals(r.key())) {
            last = Long.parseLong(r.value());
          }
        }
      }
      return last;
    }
  }

  private Behavior<Object> publish(Ready ready) {
    producer = ready.producer();
    ctx.getLog().info("publishing {} to Kafka after journal row {}", symbol, ready.afterRow());
    var running = marketData.rowsAfter(symbol, ready.afterRow())
        .groupedWithin(settings.maxRowsPerTransaction(), Duration.ofMillis(10))
        .mapAsync(1, rows -> CompletableFuture.runAsync(() -> commit(rows), blocking))
        .viaMat(KillSwitches.single(), Keep.right())
        .toMat(Sink.ignore(), Keep.both())
        .run(ctx.getSystem());
    stream = running.first();
    ctx.pipeToSelf(running.second(), (done, t) -> new Failed(t == null ? new IllegalStateException("stream ended") : t));
    return Behaviors.same();
  }

  /** One transaction: the rows' records, then how far they go. */
  private void commit(List<MarketData.Row> rows) {
    producer.beginTransaction();
    try {
      for (MarketData.Row row : rows) {
        for (ProducerRecord<String, byte[]> r : KafkaRecords.of(symbol, row, settings)) {
          producer.send(r);
        }
      }
      long last = rows.get(rows.size() - 1).sequenceNr();
      producer.send(new ProducerRecord<>(settings.offsetsTopic(), symbol,
          Long.toString(last).getBytes(StandardCharsets.US_ASCII)));
      producer.commitTransaction();
    } catch (RuntimeException e) {
      try {
        producer.abortTransaction();
      } catch (RuntimeException ignored) {
        // Fenced or broken: the restart makes a new producer, which aborts what is left.
      }
      throw e;
    }
  }

  private Behavior<Object> close() {
    if (stream != null) {
      stream.shutdown();
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(1));
    }
    return Behaviors.same();
  }
}
