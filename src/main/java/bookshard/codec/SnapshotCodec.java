package bookshard.codec;

import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.OrderBook;
import bookshard.book.OrderView;
import bookshard.book.RecentTrades;
import bookshard.book.Side;
import bookshard.entity.BookState;
import bookshard.book.ClientOrderLedger;
import bookshard.book.Outcome;
import bookshard.fb.BookSnapshot;
import bookshard.fb.ClientOrder;
import bookshard.fb.RestingOrder;
import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The whole {@link BookState} to and from one FlatBuffers {@code BookSnapshot}. */
public final class SnapshotCodec {
  private SnapshotCodec() {}

  public static byte[] encode(BookState state) {
    OrderBook book = state.book();
    List<OrderView> orders = new ArrayList<>(book.restingOrders(Side.BUY));
    orders.addAll(book.restingOrders(Side.SELL));
    FlatBufferBuilder b = new FlatBufferBuilder(256 + orders.size() * 96);
    int[] orderOffsets = new int[orders.size()];
    for (int i = 0; i < orderOffsets.length; i++) {
      orderOffsets[i] = encodeOrder(b, orders.get(i));
    }
    List<TradeExecuted> trades = state.recentTrades().all();
    int[] tradeOffsets = new int[trades.size()];
    for (int i = 0; i < tradeOffsets.length; i++) {
      tradeOffsets[i] = EventCodec.encodeTrade(b, trades.get(i));
    }
    List<ClientOrderLedger.Entry> clients = state.clientOrders().entries();
    int[] clientOffsets = new int[clients.size()];
    for (int i = 0; i < clientOffsets.length; i++) {
      clientOffsets[i] = encodeClientOrder(b, clients.get(i));
    }
    int ordersVector = BookSnapshot.createOrdersVector(b, orderOffsets);
    int tradesVector = BookSnapshot.createRecentTradesVector(b, tradeOffsets);
    int clientsVector = BookSnapshot.createClientOrdersVector(b, clientOffsets);
    BookSnapshot.finishBookSnapshotBuffer(b, BookSnapshot.createBookSnapshot(
        b, book.nextOrderId(), book.nextMatchId(), ordersVector, tradesVector, clientsVector));
    return b.sizedByteArray();
  }

  public static BookState decode(byte[] bytes, int recentTradeCapacity) {
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    if (!BookSnapshot.BookSnapshotBufferHasIdentifier(bb)) {
      throw new IllegalArgumentException("not a bookshard snapshot (file identifier BSSN missing)");
    }
    BookSnapshot s = BookSnapshot.getRootAsBookSnapshot(bb);
    List<OrderView> orders = new ArrayList<>(s.ordersLength());
    RestingOrder o = new RestingOrder();
    for (int i = 0; i < s.ordersLength(); i++) {
      orders.add(decodeOrder(s.orders(o, i)));
    }
    RecentTrades trades = new RecentTrades(recentTradeCapacity);
    EventCodec.decodeTrades(s.recentTradesVector()).forEach(trades::add);
    ClientOrderLedger clients = new ClientOrderLedger(BookState.CLIENT_ORDER_IDS);
    ClientOrder c = new ClientOrder();
    for (int i = 0; i < s.clientOrdersLength(); i++) {
      clients.restore(decodeClientOrder(s.clientOrders(c, i)));
    }
    return new BookState(OrderBook.restore(s.nextOrderId(), s.nextMatchId(), orders), trades, clients);
  }

  private static int encodeClientOrder(FlatBufferBuilder b, ClientOrderLedger.Entry e) {
    int account = b.createString(e.account());
    int clientOrderId = b.createString(e.clientOrderId());
    List<TradeExecuted> fills = e.outcome().fills();
    int[] fillOffsets = new int[fills.size()];
    for (int i = 0; i < fillOffsets.length; i++) {
      fillOffsets[i] = EventCodec.encodeTrade(b, fills.get(i));
    }
    int fillsVector = ClientOrder.createFillsVector(b, fillOffsets);
    return ClientOrder.createClientOrder(b, account, clientOrderId, Enums.side(e.side()), Enums.type(e.type()),
        Enums.tif(e.timeInForce()), e.priceTicks(), e.quantityLots(), e.outcome().orderId(),
        Enums.status(e.outcome().status()), e.outcome().remainingLots(), fillsVector);
  }

  private static ClientOrderLedger.Entry decodeClientOrder(ClientOrder c) {
    List<TradeExecuted> fills = EventCodec.decodeTrades(c.fillsVector());
    return new ClientOrderLedger.Entry(c.account(), c.clientOrderId(), Enums.side(c.side()), Enums.type(c.type()),
        Enums.tif(c.timeInForce()), c.priceTicks(), c.quantityLots(),
        new Outcome(c.orderId(), Enums.status(c.status()), c.remainingLots(), List.copyOf(fills)));
  }

  static int encodeOrder(FlatBufferBuilder b, OrderView o) {
    int account = b.createString(o.account());
    int clientOrderId = o.clientOrderId() == null ? 0 : b.createString(o.clientOrderId());
    return RestingOrder.createRestingOrder(
        b, o.orderId(), account, clientOrderId, Enums.side(o.side()), Enums.type(o.type()),
        Enums.tif(o.timeInForce()), o.priceTicks(), o.quantityLots(), o.remainingLots(),
        o.filledLots(), o.timestampMillis());
  }

  static OrderView decodeOrder(RestingOrder o) {
    return new OrderView(
        o.orderId(), o.account(), o.clientOrderId(), Enums.side(o.side()), Enums.type(o.type()),
        Enums.tif(o.timeInForce()), o.priceTicks(), o.quantityLots(), o.remainingLots(),
        o.filledLots(), o.timestampMillis());
  }
}
