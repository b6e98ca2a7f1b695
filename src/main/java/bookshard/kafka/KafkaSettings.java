package bookshard.kafka;

/**
 * Publication of market data to Kafka ({@code bookshard.kafka}); off when
 * {@code bootstrapServers} is empty.
 *
 * @param json JSON values instead of FlatBuffers
 * @param partitions partitions of the trades, depth and executions topics when this node creates them
 * @param maxRowsPerTransaction journal rows (group-commit batches) published in one Kafka transaction
 */
public record KafkaSettings(
    String bootstrapServers, boolean json, String tradesTopic, String depthTopic, String executionsTopic,
    String offsetsTopic, int partitions, int maxRowsPerTransaction) {

  public boolean enabled() {
    return !bootstrapServers.isBlank();
  }
}
