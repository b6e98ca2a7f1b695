package bookshard.codec;

import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.BookState;
import bookshard.book.ClientOrderLedger;
import bookshard.book.NewOrder;
import bookshard.book.OrderBook;
import bookshard.book.OrderView;
import bookshard.book.Outcome;
import bookshard.book.RecentTrades;
import bookshard.book.Side;
import bookshard.codec.fb.FbBookSnapshot;
import bookshard.codec.fb.FbClientOrder;
import bookshard.codec.fb.FbRestingOrder;
import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The whole {@link BookState} to and from one FlatBuffers {@code FbBookSnapshot}. */
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
    int ordersVector = FbBookSnapshot.createOrdersVector(b, orderOffsets);
    int tradesVector = FbBookSnapshot.createRecentTradesVector(b, tradeOffsets);
    int clientsVector = FbBookSnapshot.createClientOrdersVector(b, clientOffsets);
    FbBookSnapshot.finishFbBookSnapshotBuffer(b, FbBookSnapshot.createFbBookSnapshot(
        b, book.nextOrderId(), book.nextMatchId(), ordersVector, tradesVector, clientsVector, state.position()));
    return b.sizedByteArray();
  }

  public static BookState decode(byte[] bytes, int recentTradeCapacity) {
    FbBookSnapshot s = root(bytes);
    RecentTrades trades = new RecentTrades(recentTradeCapacity);
    EventCodec.decodeTrades(s.recentTradesVector()).forEach(trades::add);
    ClientOrderLedger clients = new ClientOrderLedger(BookState.CLIENT_ORDER_IDS);
    FbClientOrder c = new FbClientOrder();
    for (int i = 0; i < s.clientOrdersLength(); i++) {
      clients.restore(decodeClientOrder(s.clientOrders(c, i)));
    }
    return new BookState(book(s), trades, clients, s.eventPosition());
  }

  /** The event position the snapshot is at, or -1 for one written before positions were recorded. */
  public static long position(byte[] bytes) {
    return root(bytes).eventPosition();
  }

  /** Only the order book: what the depth stream needs, without the client order ledger. */
  public static OrderBook decodeBook(byte[] bytes) {
    return book(root(bytes));
  }

  private static FbBookSnapshot root(byte[] bytes) {
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    if (!FbBookSnapshot.FbBookSnapshotBufferHasIdentifier(bb)) {
      throw new IllegalArgumentException("not a bookshard snapshot (file identifier BSSN missing)");
    }
    return FbBookSnapshot.getRootAsFbBookSnapshot(bb);
  }

  private static OrderBook book(FbBookSnapshot s) {
    List<OrderView> orders = new ArrayList<>(s.ordersLength());
    FbRestingOrder o = new FbRestingOrder();
    for (int i = 0; i < s.ordersLength(); i++) {
      orders.add(decodeOrder(s.orders(o, i)));
    }
    return OrderBook.restore(s.nextOrderId(), s.nextMatchId(), orders);
  }

  private static int encodeClientOrder(FlatBufferBuilder b, ClientOrderLedger.Entry e) {
    NewOrder o = e.order();
    int account = b.createString(o.account());
    int clientOrderId = b.createString(o.clientOrderId());
    List<TradeExecuted> fills = e.outcome().fills();
    int[] fillOffsets = new int[fills.size()];
    for (int i = 0; i < fillOffsets.length; i++) {
      fillOffsets[i] = EventCodec.encodeTrade(b, fills.get(i));
    }
    int fillsVector = FbClientOrder.createFillsVector(b, fillOffsets);
    return FbClientOrder.createFbClientOrder(b, account, clientOrderId, Enums.side(o.side()), Enums.type(o.type()),
        Enums.tif(o.timeInForce()), o.priceTicks(), o.quantityLots(), e.outcome().orderId(),
        Enums.status(e.outcome().status()), e.outcome().remainingLots(), fillsVector);
  }

  private static ClientOrderLedger.Entry decodeClientOrder(FbClientOrder c) {
    List<TradeExecuted> fills = EventCodec.decodeTrades(c.fillsVector());
    return new ClientOrderLedger.Entry(new NewOrder(c.account(), c.clientOrderId(), Enums.side(c.side()),
        Enums.type(c.type()), Enums.tif(c.timeInForce()), c.priceTicks(), c.quantityLots()),
        new Outcome(c.orderId(), Enums.status(c.status()), c.remainingLots(), List.copyOf(fills)));
  }

  static int encodeOrder(FlatBufferBuilder b, OrderView o) {
    int account = b.createString(o.account());
    int clientOrderId = o.clientOrderId() == null ? 0 : b.createString(o.clientOrderId());
    return FbRestingOrder.createFbRestingOrder(
        b, o.orderId(), account, clientOrderId, Enums.side(o.side()), Enums.type(o.type()),
        Enums.tif(o.timeInForce()), o.priceTicks(), o.quantityLots(), o.remainingLots(),
        o.filledLots(), o.timestampMillis());
  }

  static OrderView decodeOrder(FbRestingOrder o) {
    return new OrderView(
        o.orderId(), o.account(), o.clientOrderId(), Enums.side(o.side()), Enums.type(o.type()),
        Enums.tif(o.timeInForce()), o.priceTicks(), o.quantityLots(), o.remainingLots(),
        o.filledLots(), o.timestampMillis());
  }
}
