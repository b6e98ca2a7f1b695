package bookshard.kafka;

import bookshard.book.BookEvent;
import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.DepthTracker.LevelChange;
import bookshard.codec.FeedCodec;
import bookshard.feed.DepthMessage;
import bookshard.feed.MarketData;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The Kafka records of one journal row of a book, all keyed by its symbol (so one book's
 * records stay in order in one partition): each trade on the trades topic (anonymous) and on
 * the executions topic (with both accounts), each depth update on the depth topic.
 */
final class KafkaRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KafkaRecords() {}

  static List<ProducerRecord<String, byte[]>> of(String symbol, MarketData.Row row, KafkaSettings s) {
    List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
    for (BookEvent e : row.batch().events()) {
      if (e instanceof TradeExecuted t) {
        out.add(new ProducerRecord<>(s.tradesTopic(), null, t.timestampMillis(), symbol, trade(symbol, t, false, s.json())));
        out.add(new ProducerRecord<>(s.executionsTopic(), null, t.timestampMillis(), symbol, trade(symbol, t, true, s.json())));
      }
    }
    for (DepthMessage d : row.depth()) {
      var u = (DepthMessage.Update) d;
      out.add(new ProducerRecord<>(s.depthTopic(), symbol, depth(symbol, u, s.json())));
    }
    return out;
  }

  private static byte[] trade(String symbol, TradeExecuted t, boolean withAccounts, boolean json) {
    if (!json) {
      return FeedCodec.trade(t, withAccounts);
    }
    ObjectNode n = JSON.createObjectNode().put("symbol", symbol).put("matchId", t.matchId())
        .put("priceTicks", t.priceTicks()).put("quantityLots", t.quantityLots())
        .put("makerOrderId", t.makerOrderId()).put("takerOrderId", t.takerOrderId())
        .put("takerSide", t.takerSide().name()).put("timestampMillis", t.timestampMillis());
    if (withAccounts) {
      n.put("makerAccount", t.makerAccount()).put("takerAccount", t.takerAccount());
    }
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] depth(String symbol, DepthMessage.Update u, boolean json) {
    if (!json) {
      return FeedCodec.depth(symbol, u.sequenceNr(), u.changes(), u.checksum());
    }
    ObjectNode n = JSON.createObjectNode().put("symbol", symbol).put("position", u.sequenceNr())
        .put("checksum", u.checksum());
    var changes = n.putArray("changes");
    for (LevelChange c : u.changes()) {
      changes.addObject().put("side", c.side().name()).put("priceTicks", c.priceTicks())
          .put("quantityLots", c.quantityLots()).put("orderCount", c.orderCount());
    }
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }
}
