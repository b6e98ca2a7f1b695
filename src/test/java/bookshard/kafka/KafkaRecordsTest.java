package bookshard.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import bookshard.book.BookEvent;
import bookshard.book.DepthTracker.LevelChange;
import bookshard.book.EventBatch;
import bookshard.book.Side;
import bookshard.codec.FeedCodec;
import bookshard.feed.DepthMessage;
import bookshard.feed.MarketData;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One journal row's Kafka records, in both formats: topics, keys and values. */
class KafkaRecordsTest {
  private static final BookEvent.TradeExecuted TRADE =
      new BookEvent.TradeExecuted(7, 101, 3, 1, 2, "alice", "bob", Side.BUY, 1000, null, null, false, true);
  private static final MarketData.Row ROW = new MarketData.Row(5, new EventBatch(10, List.of(
      new BookEvent.OrderAccepted(2, "bob", null, Side.BUY, bookshard.book.OrderType.LIMIT,
          bookshard.book.TimeInForce.GTC, 101, 3, 1000), TRADE)),
      List.of(new DepthMessage.Update(11, List.of(new LevelChange(Side.SELL, 101, 0, 0)), 42)));

  private static KafkaSettings settings(boolean json) {
    return new KafkaSettings("k:9092", json, "t", "d", "e", "o", 1, 10);
  }

  @Test
  void flatBuffersRecordsAreKeyedBySymbolAndPublicTradesAreAnonymous() {
    var records = KafkaRecords.of("BTC-USD", ROW, settings(false));
    assertEquals(List.of("t", "e", "d"), records.stream().map(r -> r.topic()).toList());
    records.forEach(r -> assertEquals("BTC-USD", r.key()));
    var pub = FeedCodec.decodeTrade(records.get(0).value());
    assertEquals(7, pub.matchId());
    assertNull(pub.makerAccount());
    assertEquals("alice", FeedCodec.decodeTrade(records.get(1).value()).makerAccount());
    var depth = FeedCodec.decodeDepth(records.get(2).value());
    assertEquals(11, depth.position());
    assertEquals(List.of(new LevelChange(Side.SELL, 101, 0, 0)), depth.changes());
    assertEquals(42, depth.checksum());
  }

  @Test
  void jsonRecordsCarryTheSameFields() throws Exception {
    var records = KafkaRecords.of("BTC-USD", ROW, settings(true));
    ObjectMapper json = new ObjectMapper();
    var pub = json.readTree(records.get(0).value());
    assertEquals(7, pub.get("matchId").asLong());
    assertEquals(false, pub.has("makerAccount"));
    assertEquals("bob", json.readTree(records.get(1).value()).get("takerAccount").asText());
    assertEquals(11, json.readTree(records.get(2).value()).get("position").asLong());
  }
}
