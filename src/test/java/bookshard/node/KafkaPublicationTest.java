package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.book.BookEvent.TradeExecuted;
import bookshard.codec.FeedCodec;
import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.ChildNode;
import bookshard.support.KafkaBroker;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Market data published to an in-process Kafka broker while the publishing node is killed with
 * SIGKILL mid-stream and started again: each book's trades topic ends with match ids 1..N, in
 * order, nothing twice (read committed), the executions topic the same with both accounts, and
 * depth positions only increase.
 */
class KafkaPublicationTest {
  private static final List<String> BOOKS = List.of("BTC-USD", "ETH-USD");

  @TempDir Path dir;

  /** Crossing pairs on both books until told to stop or the node goes away. */
  private static Thread trading(Api api, AtomicBoolean stop, int[] pairs) {
    Thread t = new Thread(() -> {
      try {
        for (int i = 0; !stop.get(); i++) {
          for (String s : BOOKS) {
            if (api.place(s, "maker", "SELL", 100 + i % 5, 2).status() != 201
                || api.place(s, "taker", "BUY", 110, 2).status() != 201) {
              return;
            }
          }
          pairs[0]++;
        }
      } catch (IllegalStateException killed) {
        // The node was killed under it: that is the point.
      }
    });
    t.start();
    return t;
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic,
      Predicate<List<ConsumerRecord<String, byte[]>>> enough) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (var c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
      long until = System.currentTimeMillis() + 60_000;
      while (!enough.test(all)) {
        assertTrue(System.currentTimeMillis() < until, topic + ": only " + all.size() + " records after 60 s");
        c.poll(Duration.ofMillis(200)).forEach(all::add);
      }
      // Anything more (a duplicate) would come with what is already there.
      c.poll(Duration.ofMillis(500)).forEach(all::add);
      return all;
    }
  }

  @Test
  void eachBooksTradesReachKafkaOnceInOrderThroughAKill() throws Exception {
    try (KafkaBroker kafka = new KafkaBroker()) {
      Config settings = ConfigFactory.parseString("bookshard.kafka.bootstrap-servers = \"" + kafka.bootstrapServers + "\"\n"
          + "bookshard.book.snapshot-every = 40\nbookshard.book.snapshot-ratio = 0\n")
          .withFallback(Backend.H2.freshJournal(dir.resolve("db")));
      int[] pairs = {0};
      try (ChildNode first = ChildNode.start(settings, dir.resolve("first.log"))) {
        AtomicBoolean stop = new AtomicBoolean();
        Thread t = trading(new Api(first.baseUrl()), stop, pairs);
        Thread.sleep(2500);
        first.kill(); // SIGKILL while trading and publishing
        stop.set(true);
        t.join();
      }
      assertTrue(pairs[0] > 10, "traded before the kill: " + pairs[0]);
      Map<String, Long> lastMatch = new HashMap<>();
      try (ChildNode second = ChildNode.start(settings, dir.resolve("second.log"))) {
        Api api = new Api(second.baseUrl());
        AtomicBoolean stop = new AtomicBoolean();
        Thread t = trading(api, stop, pairs);
        Thread.sleep(1500);
        stop.set(true);
        t.join();
        for (String s : BOOKS) {
          lastMatch.put(s, api.get("/books/" + s).body().get("lastMatchId").asLong());
        }
        check(kafka, lastMatch); // while the node that publishes the rest still runs
      }
    }
  }

  private static void check(KafkaBroker kafka, Map<String, Long> lastMatch) {
    {
      for (String topic : List.of("bookshard.trades", "bookshard.executions")) {
        var records = readAll(kafka.bootstrapServers, topic, all -> BOOKS.stream().allMatch(s -> all.stream()
            .anyMatch(r -> r.key().equals(s) && FeedCodec.decodeTrade(r.value()).matchId() == lastMatch.get(s))));
        for (String s : BOOKS) {
          List<TradeExecuted> trades = records.stream().filter(r -> r.key().equals(s))
              .map(r -> FeedCodec.decodeTrade(r.value())).toList();
          List<Long> ids = trades.stream().map(TradeExecuted::matchId).toList();
          assertEquals(java.util.stream.LongStream.rangeClosed(1, lastMatch.get(s)).boxed().toList(), ids,
              topic + " " + s + ": match ids 1..N in order, nothing twice");
          boolean accounts = topic.endsWith("executions");
          assertEquals(accounts ? "maker" : null, trades.get(0).makerAccount(), "accounts only on executions");
        }
      }
      var depth = readAll(kafka.bootstrapServers, "bookshard.depth", all -> all.size() > 10);
      for (String s : BOOKS) {
        List<Long> positions = depth.stream().filter(r -> r.key().equals(s))
            .map(r -> FeedCodec.decodeDepth(r.value()).position()).toList();
        for (int i = 1; i < positions.size(); i++) {
          assertTrue(positions.get(i) > positions.get(i - 1), s + " depth positions only increase: " + positions);
        }
      }
    }
  }
}
