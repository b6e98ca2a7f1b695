package bookshard.support;

import io.github.embeddedkafka.EmbeddedK;
import io.github.embeddedkafka.EmbeddedKafka;
import io.github.embeddedkafka.EmbeddedKafkaConfig;
import io.github.embeddedkafka.EmbeddedKafkaConfig$;

/** A single-node Kafka broker (KRaft) inside the test JVM, on free ports. */
public final class KafkaBroker implements AutoCloseable {
  private final EmbeddedK kafka;
  public final String bootstrapServers;

  public KafkaBroker() {
    scala.collection.immutable.Map<String, String> none = scala.collection.immutable.Map$.MODULE$.empty();
    EmbeddedKafkaConfig config = EmbeddedKafkaConfig$.MODULE$.apply(0, 0, none, none, none);
    kafka = EmbeddedKafka.start(config);
    bootstrapServers = "127.0.0.1:" + kafka.config().kafkaPort();
  }

  @Override
  public void close() {
    kafka.stop(true);
  }
}
