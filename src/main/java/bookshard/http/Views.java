package bookshard.http;

import bookshard.book.BookEvent;
import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.DepthTracker;
import bookshard.book.LevelView;
import bookshard.book.OrderView;
import bookshard.book.Outcome;
import bookshard.feed.DepthMessage;
import bookshard.feed.MarketData;
import bookshard.protocol.BookReply;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;

/** Replies as JSON. Trades show order ids, never accounts: counterparties stay anonymous. */
final class Views {
  private Views() {}

  static ObjectNode outcome(String symbol, Outcome o, boolean duplicate) {
    ObjectNode n = Json.object()
        .put("symbol", symbol)
        .put("orderId", o.orderId())
        .put("status", o.status().name())
        .put("remainingLots", o.remainingLots())
        .put("duplicate", duplicate);
    ArrayNode fills = n.putArray("fills");
    o.fills().forEach(t -> fills.add(trade(t)));
    return n;
  }

  static ObjectNode trade(TradeExecuted t) {
    return Json.object()
        .put("matchId", t.matchId())
        .put("priceTicks", t.priceTicks())
        .put("quantityLots", t.quantityLots())
        .put("makerOrderId", t.makerOrderId())
        .put("takerOrderId", t.takerOrderId())
        .put("takerSide", t.takerSide().name())
        .put("timestampMillis", t.timestampMillis());
  }

  /** SSE id = match id, so a reconnecting EventSource resumes right after its last trade. */
  static ServerSentEvent tradeEvent(String symbol, TradeExecuted t) {
    ObjectNode n = Json.object().put("symbol", symbol);
    n.setAll(trade(t));
    return ServerSentEvent.create(Json.write(n), "trade", Long.toString(t.matchId()));
  }

  static ServerSentEvent depthEvent(String symbol, DepthMessage m) {
    return ServerSentEvent.create(Json.write(depth(symbol, m)), m instanceof DepthMessage.Snapshot ? "snapshot" : "update",
        Long.toString(m.sequenceNr()));
  }

  /** A depth snapshot ({@code bids}, {@code asks}) or update ({@code changes}), with its event position. */
  static ObjectNode depth(String symbol, DepthMessage m) {
    ObjectNode n = Json.object().put("symbol", symbol).put("sequenceNr", m.sequenceNr()).put("checksum", m.checksum());
    if (m instanceof DepthMessage.Snapshot s) {
      n.put("kind", "snapshot");
      levels(n.putArray("bids"), s.bids());
      levels(n.putArray("asks"), s.asks());
      return n;
    }
    n.put("kind", "update");
    ArrayNode changes = n.putArray("changes");
    for (DepthTracker.LevelChange c : ((DepthMessage.Update) m).changes()) {
      changes.addObject()
          .put("side", c.side().name())
          .put("priceTicks", c.priceTicks())
          .put("quantityLots", c.quantityLots())
          .put("orderCount", c.orderCount());
    }
    return n;
  }

  static ObjectNode order(String symbol, OrderView o) {
    ObjectNode n = Json.object()
        .put("symbol", symbol)
        .put("orderId", o.orderId())
        .put("account", o.account())
        .put("clientOrderId", o.clientOrderId())
        .put("side", o.side().name())
        .put("type", o.type().name())
        .put("timeInForce", o.timeInForce().name())
        .put("priceTicks", o.priceTicks())
        .put("quantityLots", o.quantityLots())
        .put("remainingLots", o.remainingLots())
        .put("filledLots", o.filledLots())
        .put("status", o.status().name())
        .put("timestampMillis", o.timestampMillis());
    stopAndExpiry(n, o.stopPriceTicks(), o.expireAtMillis());
    return n;
  }

  /** Only for orders that have them: a stop price, an expiry time. */
  private static void stopAndExpiry(ObjectNode n, long stopPriceTicks, long expireAtMillis) {
    if (stopPriceTicks != 0) {
      n.put("stopPriceTicks", stopPriceTicks);
    }
    if (expireAtMillis != 0) {
      n.put("expireAtMillis", expireAtMillis);
    }
  }

  static ObjectNode resting(String symbol, BookReply.RestingOrders r) {
    ObjectNode n = Json.object().put("symbol", symbol).put("lastMatchId", r.nextMatchId() - 1);
    ArrayNode bids = n.putArray("bids");
    r.bids().forEach(o -> bids.add(order(symbol, o)));
    ArrayNode asks = n.putArray("asks");
    r.asks().forEach(o -> asks.add(order(symbol, o)));
    ArrayNode stops = n.putArray("stops");
    r.stops().forEach(o -> stops.add(order(symbol, o)));
    return n;
  }

  static ObjectNode book(String symbol, BookReply.Book b) {
    ObjectNode n = Json.object().put("symbol", symbol).put("lastMatchId", b.lastMatchId())
        .put("hostedBy", b.hostedBy()).put("sequenceNr", b.sequenceNr());
    levels(n.putArray("bids"), b.bids());
    levels(n.putArray("asks"), b.asks());
    return n;
  }

  private static void levels(ArrayNode out, List<LevelView> levels) {
    for (LevelView l : levels) {
      out.addObject()
          .put("priceTicks", l.priceTicks())
          .put("quantityLots", l.quantityLots())
          .put("orderCount", l.orderCount());
    }
  }

  /** One of an account's events on its private channel; {@code event} null: where the stream starts. */
  static ObjectNode accountEvent(String symbol, String account, MarketData.AccountEvent a) {
    ObjectNode n = Json.object().put("type", "orders").put("symbol", symbol).put("account", account)
        .put("position", a.position());
    BookEvent e = a.event();
    if (e == null) {
      return n.put("event", "start");
    } else if (e instanceof BookEvent.OrderAccepted x) {
      n.put("event", "accepted").put("orderId", x.orderId()).put("side", x.side().name())
          .put("orderType", x.type().name()).put("timeInForce", x.timeInForce().name())
          .put("priceTicks", x.priceTicks()).put("quantityLots", x.quantityLots()).put("timestampMillis", x.timestampMillis());
      if (x.clientOrderId() != null) {
        n.put("clientOrderId", x.clientOrderId());
      }
      stopAndExpiry(n, x.stopPriceTicks(), x.expireAtMillis());
    } else if (e instanceof TradeExecuted t) {
      boolean maker = t.makerAccount().equals(account);
      n.put("event", "execution").put("matchId", t.matchId())
          .put("orderId", maker ? t.makerOrderId() : t.takerOrderId())
          .put("counterOrderId", maker ? t.takerOrderId() : t.makerOrderId())
          .put("side", maker ? t.takerSide().opposite().name() : t.takerSide().name())
          .put("liquidity", maker ? "MAKER" : "TAKER")
          .put("priceTicks", t.priceTicks()).put("quantityLots", t.quantityLots()).put("timestampMillis", t.timestampMillis());
    } else if (e instanceof BookEvent.OrderRested x) {
      n.put("event", "rested").put("orderId", x.orderId());
    } else if (e instanceof BookEvent.OrderCancelled x) {
      n.put("event", "cancelled").put("orderId", x.orderId()).put("cancelledLots", x.cancelledLots())
          .put("reason", x.reason().name()).put("timestampMillis", x.timestampMillis());
    } else if (e instanceof BookEvent.OrderReduced x) {
      n.put("event", "reduced").put("orderId", x.orderId()).put("remainingLots", x.remainingLots())
          .put("timestampMillis", x.timestampMillis());
    } else if (e instanceof BookEvent.OrderReplaced x) {
      n.put("event", "replaced").put("orderId", x.orderId()).put("priceTicks", x.priceTicks())
          .put("remainingLots", x.remainingLots()).put("timestampMillis", x.timestampMillis());
    } else if (e instanceof BookEvent.StopWaiting x) {
      n.put("event", "stopWaiting").put("orderId", x.orderId());
    } else if (e instanceof BookEvent.StopTriggered x) {
      n.put("event", "stopTriggered").put("orderId", x.orderId()).put("lastPriceTicks", x.lastPriceTicks())
          .put("timestampMillis", x.timestampMillis());
    }
    return n;
  }

  /** An order that left the book: its last state, final status, and why if it was cancelled. */
  static ObjectNode finished(String symbol, bookshard.book.FinishedOrders.Finished f) {
    ObjectNode n = order(symbol, f.order()).put("status", f.status().name()).put("remainingLots", 0)
        .put("finishedAtMillis", f.finishedAtMillis());
    if (f.reason() != null) {
      n.put("cancelledLots", f.order().remainingLots()).put("cancelReason", f.reason().name());
    }
    return n;
  }

  /** Best bid and offer; a side without orders has null price and quantity. */
  static ObjectNode bestBidOffer(String symbol, MarketData.BestBidOffer b) {
    ObjectNode n = Json.object().put("type", "bbo").put("symbol", symbol).put("position", b.position());
    top(n, "bid", b.bid());
    top(n, "ask", b.ask());
    return n;
  }

  private static void top(ObjectNode n, String side, LevelView l) {
    if (l == null) {
      n.putNull(side + "PriceTicks").putNull(side + "QuantityLots").put(side + "OrderCount", 0);
    } else {
      n.put(side + "PriceTicks", l.priceTicks()).put(side + "QuantityLots", l.quantityLots())
          .put(side + "OrderCount", l.orderCount());
    }
  }

  static ObjectNode instruments(bookshard.protocol.Books books) {
    ObjectNode n = Json.object();
    var list = n.putArray("instruments");
    for (String symbol : books.symbols()) {
      bookshard.book.InstrumentSpec s = books.spec(symbol);
      bookshard.protocol.AssetTerms t = books.terms(symbol);
      list.addObject().put("symbol", symbol).put("tickSize", s.tickSize()).put("lotSize", s.lotSize())
          .put("minQuantity", s.minQuantity()).put("maxQuantity", s.maxQuantity()).put("minNotional", s.minNotional())
          .put("priceBandBps", s.priceBandBps()).put("baseAsset", t.base()).put("quoteAsset", t.quote())
          .put("basePerLot", t.basePerLot()).put("quotePerTickLot", t.quotePerTickLot())
          .put("makerFeeBps", t.makerFeeBps()).put("takerFeeBps", t.takerFeeBps());
    }
    return n;
  }

  /** A balances channel message: the assets a ledger row changed (all, in the first), and that row. */
  static ObjectNode balanceUpdate(String account, bookshard.feed.MarketData.BalanceUpdate u) {
    ObjectNode n = Json.object().put("type", "balances").put("account", account).put("position", u.position());
    var list = n.putArray("balances");
    u.balances().forEach((asset, b) -> list.addObject().put("asset", asset).put("available", b.available())
        .put("held", b.held()));
    return n;
  }

  /** An account's balances per asset, in each asset's smallest unit. */
  static ObjectNode balances(String account, bookshard.protocol.AccountReply r) {
    ObjectNode n = Json.object().put("account", account);
    var list = n.putArray("balances");
    var balances = r instanceof bookshard.protocol.AccountReply.Balances b ? b.balances()
        : ((bookshard.protocol.AccountReply.Refused) r).balances();
    balances.forEach((asset, b) -> list.addObject().put("asset", asset).put("available", b.available())
        .put("held", b.held()));
    return n.put("duplicate", r instanceof bookshard.protocol.AccountReply.Balances b && b.duplicate());
  }

  static ObjectNode massCancel(String symbol, BookReply.MassCancelled m) {
    ObjectNode n = Json.object().put("symbol", symbol).put("cancelled", m.orderIds().size());
    m.orderIds().forEach(n.putArray("orderIds")::add);
    return n;
  }

  static ObjectNode trades(String symbol, List<TradeExecuted> trades, long lastMatchId) {
    ObjectNode n = Json.object().put("symbol", symbol).put("lastMatchId", lastMatchId);
    ArrayNode arr = n.putArray("trades");
    trades.forEach(x -> arr.add(trade(x)));
    return n;
  }
}
