package bookshard.codec;

import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.BookState;
import bookshard.book.FinishedOrders;
import bookshard.book.ClientOrderLedger;
import bookshard.book.DepthBook;
import bookshard.book.NewOrder;
import bookshard.book.OrderBook;
import bookshard.book.OrderView;
import bookshard.book.Outcome;
import bookshard.book.RecentTrades;
import bookshard.book.Side;
import bookshard.codec.fb.FbBookSnapshot;
import bookshard.codec.fb.FbClientOrder;
import bookshard.codec.fb.FbFinishedOrder;
import bookshard.codec.fb.FbOrderExpiry;
import bookshard.codec.fb.FbPackedFinishedOrder;
import bookshard.codec.fb.FbPackedOrder;
import bookshard.codec.fb.FbRestingClientId;
import bookshard.codec.fb.FbRestingOrder;
import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The whole {@link BookState} to and from one FlatBuffers {@code FbBookSnapshot}. */
public final class SnapshotCodec {
  private SnapshotCodec() {}

  /**
   * Resting orders go into one vector of fixed-size structs, written straight from the book:
   * no object per order, so encoding a million-order book creates no garbage for the collector
   * to copy, and decoding reads one contiguous array.
   */
  public static byte[] encode(BookState state) {
    OrderBook book = state.book();
    int n = book.restingOrderCount();
    // Room for all of it: sized for the orders alone, a builder doubled its way past the finished
    // orders (10,000 of 88 bytes), allocating about four times the snapshot.
    FlatBufferBuilder b = ReusedBuilder.take(4096 + n * (FbPackedOrderSize + 8)
        + state.finished().size() * (FbPackedFinishedOrderSize + 8)
        + (state.recentTrades().size() + state.clientOrders().size()) * ROUGH_TABLE_SIZE);
    // Strings first: FlatBuffers builds nothing else while a vector is open.
    Map<String, Integer> accountIndex = new HashMap<>();
    List<String> accounts = new ArrayList<>();
    List<Integer> clientIds = new ArrayList<>();
    book.forEachResting(false, (id, account, clientOrderId, side, type, tif, price, qty, remaining, filled, ts) -> {
      accountIndex.computeIfAbsent(account, a -> {
        accounts.add(a);
        return accounts.size() - 1;
      });
      if (clientOrderId != null) {
        int text = b.createString(clientOrderId);
        clientIds.add(FbRestingClientId.createFbRestingClientId(b, id, text));
      }
    });
    // Finished orders: their accounts join the index, their client order ids the strings.
    FinishedOrders finished = state.finished();
    List<Integer> finishedClientIds = new ArrayList<>();
    finished.forEach(false, (id, account, clientOrderId, side, type, tif, price, qty, remaining, filled, ts, stop,
        expire, waiting, status, reason, finishedAt) -> {
      accountIndex.computeIfAbsent(account, a -> {
        accounts.add(a);
        return accounts.size() - 1;
      });
      if (clientOrderId != null) {
        int text = b.createString(clientOrderId);
        finishedClientIds.add(FbRestingClientId.createFbRestingClientId(b, id, text));
      }
    });
    int finishedClientIdsVector = FbBookSnapshot.createFinishedClientIdsVector(b,
        finishedClientIds.stream().mapToInt(Integer::intValue).toArray());
    int[] accountOffsets = new int[accounts.size()];
    for (int i = 0; i < accountOffsets.length; i++) {
      accountOffsets[i] = b.createString(accounts.get(i));
    }
    int accountsVector = FbBookSnapshot.createAccountsVector(b, accountOffsets);
    int clientIdsVector = FbBookSnapshot.createRestingClientIdsVector(b,
        clientIds.stream().mapToInt(Integer::intValue).toArray());
    FbBookSnapshot.startPackedOrdersVector(b, n);
    book.forEachResting(true, (id, account, clientOrderId, side, type, tif, price, qty, remaining, filled, ts) ->
        FbPackedOrder.createFbPackedOrder(b, id, price, qty, remaining, filled, ts, accountIndex.get(account),
            Enums.side(side), Enums.type(type), Enums.tif(tif)));
    int packedVector = b.endVector();
    List<OrderView> stops = book.waitingStops(null, Integer.MAX_VALUE);
    int[] stopOffsets = new int[stops.size()];
    for (int i = 0; i < stopOffsets.length; i++) {
      stopOffsets[i] = encodeOrder(b, stops.get(i));
    }
    int stopsVector = FbBookSnapshot.createWaitingStopsVector(b, stopOffsets);
    List<long[]> expiries = new ArrayList<>();
    book.forEachRestingExpiry((id, at) -> expiries.add(new long[] {id, at}));
    FbBookSnapshot.startOrderExpiriesVector(b, expiries.size());
    for (int i = expiries.size() - 1; i >= 0; i--) {
      FbOrderExpiry.createFbOrderExpiry(b, expiries.get(i)[0], expiries.get(i)[1]);
    }
    int expiriesVector = b.endVector();
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
    FbBookSnapshot.startPackedFinishedOrdersVector(b, finished.size());
    finished.forEach(true, (id, account, clientOrderId, side, type, tif, price, qty, remaining, filled, ts, stop,
        expire, waiting, status, reason, finishedAt) ->
        FbPackedFinishedOrder.createFbPackedFinishedOrder(b, id, price, qty, remaining, filled, ts, stop, expire,
            finishedAt, accountIndex.get(account), Enums.side(side), Enums.type(type), Enums.tif(tif),
            Enums.status(status), reason == null ? 0 : (byte) (Enums.reason(reason) + 1), waiting));
    int finishedVector = b.endVector();
    int tradesVector = FbBookSnapshot.createRecentTradesVector(b, tradeOffsets);
    int clientsVector = FbBookSnapshot.createClientOrdersVector(b, clientOffsets);
    FbBookSnapshot.startFbBookSnapshot(b);
    FbBookSnapshot.addNextOrderId(b, book.nextOrderId());
    FbBookSnapshot.addNextMatchId(b, book.nextMatchId());
    FbBookSnapshot.addEventPosition(b, state.position());
    FbBookSnapshot.addRecentTrades(b, tradesVector);
    FbBookSnapshot.addClientOrders(b, clientsVector);
    FbBookSnapshot.addPackedOrders(b, packedVector);
    FbBookSnapshot.addAccounts(b, accountsVector);
    FbBookSnapshot.addRestingClientIds(b, clientIdsVector);
    FbBookSnapshot.addPackedFinishedOrders(b, finishedVector);
    FbBookSnapshot.addFinishedClientIds(b, finishedClientIdsVector);
    FbBookSnapshot.addWaitingStops(b, stopsVector);
    FbBookSnapshot.addOrderExpiries(b, expiriesVector);
    FbBookSnapshot.addLastTradePriceTicks(b, book.lastTradePriceTicks());
    FbBookSnapshot.addEventsLocateOrders(b, true);
    FbBookSnapshot.finishFbBookSnapshotBuffer(b, FbBookSnapshot.endFbBookSnapshot(b));
    return ReusedBuilder.bytes(b);
  }

  private static final int FbPackedOrderSize = 56;
  private static final int FbPackedFinishedOrderSize = 88;
  /** A trade or a remembered client order id as a table, with its strings: an estimate. */
  private static final int ROUGH_TABLE_SIZE = 128;

  public static BookState decode(byte[] bytes, int recentTradeCapacity) {
    FbBookSnapshot s = root(bytes);
    RecentTrades trades = new RecentTrades(recentTradeCapacity);
    EventCodec.decodeTrades(s.recentTradesVector()).forEach(trades::add);
    ClientOrderLedger clients = new ClientOrderLedger(BookState.CLIENT_ORDER_IDS);
    FbClientOrder c = new FbClientOrder();
    for (int i = 0; i < s.clientOrdersLength(); i++) {
      clients.restore(decodeClientOrder(s.clientOrders(c, i)));
    }
    FinishedOrders finished = new FinishedOrders(BookState.FINISHED_ORDERS);
    FbFinishedOrder f = new FbFinishedOrder();
    for (int i = 0; i < s.finishedOrdersLength(); i++) {
      finished.add(decodeFinished(s.finishedOrders(f, i)));
    }
    decodePackedFinished(s, finished);
    return new BookState(book(s), trades, clients, finished, s.eventPosition());
  }

  static int encodeFinished(FlatBufferBuilder b, FinishedOrders.Finished f) {
    int order = encodeOrder(b, f.order());
    return FbFinishedOrder.createFbFinishedOrder(b, order, Enums.status(f.status()), f.reason() != null,
        f.reason() == null ? 0 : Enums.reason(f.reason()), f.finishedAtMillis());
  }

  private static void decodePackedFinished(FbBookSnapshot s, FinishedOrders into) {
    int n = s.packedFinishedOrdersLength();
    if (n == 0) {
      return;
    }
    String[] accounts = accounts(s);
    Map<Long, String> clientIds = clientIds(s.finishedClientIdsVector());
    FbPackedFinishedOrder p = new FbPackedFinishedOrder();
    for (int i = 0; i < n; i++) {
      s.packedFinishedOrders(p, i);
      into.add(p.orderId(), accounts[(int) p.account()], clientIds.get(p.orderId()), Enums.side(p.side()),
          Enums.type(p.type()), Enums.tif(p.timeInForce()), p.priceTicks(), p.quantityLots(), p.remainingLots(),
          p.filledLots(), p.timestampMillis(), p.stopPriceTicks(), p.expireAtMillis(), p.waiting(),
          Enums.status(p.status()), p.cancelReason() == 0 ? null : Enums.reason((byte) (p.cancelReason() - 1)),
          p.finishedAtMillis());
    }
  }

  /** The account names the packed orders index into. */
  private static String[] accounts(FbBookSnapshot s) {
    String[] accounts = new String[s.accountsLength()];
    for (int i = 0; i < accounts.length; i++) {
      accounts[i] = s.accounts(i);
    }
    return accounts;
  }

  /** Order id to client order id, for the packed orders that have one (an absent vector: none). */
  private static Map<Long, String> clientIds(FbRestingClientId.Vector v) {
    Map<Long, String> clientIds = new HashMap<>();
    FbRestingClientId c = new FbRestingClientId();
    for (int i = 0; v != null && i < v.length(); i++) {
      v.get(c, i);
      clientIds.put(c.orderId(), c.clientOrderId());
    }
    return clientIds;
  }

  static FinishedOrders.Finished decodeFinished(FbFinishedOrder f) {
    return new FinishedOrders.Finished(decodeOrder(f.order()), Enums.status(f.status()),
        f.cancelled() ? Enums.reason(f.reason()) : null, f.finishedAtMillis());
  }

  /** The event position the snapshot is at, or -1 for one written before positions were recorded. */
  public static long position(byte[] bytes) {
    return root(bytes).eventPosition();
  }

  /**
   * Only the book's levels: what the depth stream needs, without its orders (each order is
   * added to its level, and kept in the depth book only if the snapshot is older than events
   * that locate their orders, so rows of the old kind may follow).
   */
  public static DepthBook decodeDepth(byte[] bytes) {
    FbBookSnapshot s = root(bytes);
    DepthBook depth = new DepthBook(!s.eventsLocateOrders());
    FbRestingOrder o = new FbRestingOrder();
    for (int i = 0; i < s.ordersLength(); i++) {
      s.orders(o, i);
      depth.add(o.orderId(), Enums.side(o.side()), o.priceTicks(), o.remainingLots(), !o.waiting());
    }
    FbPackedOrder p = new FbPackedOrder();
    int n = s.packedOrdersLength();
    for (int i = 0; i < n; i++) {
      s.packedOrders(p, i);
      depth.add(p.orderId(), Enums.side(p.side()), p.priceTicks(), p.remainingLots(), true);
    }
    for (int i = 0; i < s.waitingStopsLength(); i++) {
      s.waitingStops(o, i);
      depth.add(o.orderId(), Enums.side(o.side()), o.priceTicks(), o.remainingLots(), false);
    }
    return depth;
  }

  private static FbBookSnapshot root(byte[] bytes) {
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    if (!FbBookSnapshot.FbBookSnapshotBufferHasIdentifier(bb)) {
      throw new IllegalArgumentException("not a bookshard snapshot (file identifier BSSN missing)");
    }
    return FbBookSnapshot.getRootAsFbBookSnapshot(bb);
  }

  /** Either layout: packed orders (S2) or one table per order (S1, read for old snapshots). */
  private static OrderBook book(FbBookSnapshot s) {
    OrderBook.Restorer r = new OrderBook.Restorer(s.nextOrderId(), s.nextMatchId());
    FbRestingOrder o = new FbRestingOrder();
    for (int i = 0; i < s.ordersLength(); i++) {
      s.orders(o, i);
      r.add(decodeOrder(o));
    }
    String[] accounts = accounts(s);
    Map<Long, Long> expiries = new HashMap<>();
    FbOrderExpiry e = new FbOrderExpiry();
    for (int i = 0; i < s.orderExpiriesLength(); i++) {
      s.orderExpiries(e, i);
      expiries.put(e.orderId(), e.expireAtMillis());
    }
    Map<Long, String> clientIds = clientIds(s.restingClientIdsVector());
    FbPackedOrder p = new FbPackedOrder();
    int n = s.packedOrdersLength();
    for (int i = 0; i < n; i++) {
      s.packedOrders(p, i);
      long id = p.orderId();
      r.add(id, accounts[(int) p.account()], clientIds.isEmpty() ? null : clientIds.get(id), Enums.side(p.side()),
          Enums.type(p.type()), Enums.tif(p.timeInForce()), p.priceTicks(), p.quantityLots(), p.remainingLots(),
          p.filledLots(), p.timestampMillis(), 0, expiries.isEmpty() ? 0 : expiries.getOrDefault(id, 0L), false);
    }
    for (int i = 0; i < s.waitingStopsLength(); i++) {
      r.add(decodeOrder(s.waitingStops(o, i)));
    }
    // Older snapshots did not record the last trade's price: it is the newest recent trade's.
    int trades = s.recentTradesLength();
    r.lastTradePriceTicks(s.lastTradePriceTicks() != 0 || trades == 0 ? s.lastTradePriceTicks()
        : s.recentTrades(trades - 1).priceTicks());
    return r.finish();
  }

  private static int encodeClientOrder(FlatBufferBuilder b, ClientOrderLedger.Entry e) {
    NewOrder o = e.order();
    int account = b.createSharedString(o.account());
    int clientOrderId = b.createString(o.clientOrderId());
    List<TradeExecuted> fills = e.outcome().fills();
    int[] fillOffsets = new int[fills.size()];
    for (int i = 0; i < fillOffsets.length; i++) {
      fillOffsets[i] = EventCodec.encodeTrade(b, fills.get(i));
    }
    int fillsVector = FbClientOrder.createFillsVector(b, fillOffsets);
    return FbClientOrder.createFbClientOrder(b, account, clientOrderId, Enums.side(o.side()), Enums.type(o.type()),
        Enums.tif(o.timeInForce()), o.priceTicks(), o.quantityLots(), e.outcome().orderId(),
        Enums.status(e.outcome().status()), e.outcome().remainingLots(), fillsVector, o.stopPriceTicks(),
        o.expireAtMillis());
  }

  private static ClientOrderLedger.Entry decodeClientOrder(FbClientOrder c) {
    List<TradeExecuted> fills = EventCodec.decodeTrades(c.fillsVector());
    return new ClientOrderLedger.Entry(new NewOrder(c.account(), c.clientOrderId(), Enums.side(c.side()),
        Enums.type(c.type()), Enums.tif(c.timeInForce()), c.priceTicks(), c.quantityLots(), c.stopPriceTicks(),
        c.expireAtMillis()),
        new Outcome(c.orderId(), Enums.status(c.status()), c.remainingLots(), List.copyOf(fills)));
  }

  /**
   * An account's name is written once per buffer and shared by its orders (a snapshot holds
   * thousands of finished orders of a few accounts: encoding each name again was a tenth of the
   * engine path's CPU). Every builder here is new per buffer, so its string pool is too.
   */
  static int encodeOrder(FlatBufferBuilder b, OrderView o) {
    int account = b.createSharedString(o.account());
    int clientOrderId = o.clientOrderId() == null ? 0 : b.createString(o.clientOrderId());
    return FbRestingOrder.createFbRestingOrder(
        b, o.orderId(), account, clientOrderId, Enums.side(o.side()), Enums.type(o.type()),
        Enums.tif(o.timeInForce()), o.priceTicks(), o.quantityLots(), o.remainingLots(),
        o.filledLots(), o.timestampMillis(), o.stopPriceTicks(), o.expireAtMillis(), o.waiting());
  }

  static OrderView decodeOrder(FbRestingOrder o) {
    return new OrderView(
        o.orderId(), o.account(), o.clientOrderId(), Enums.side(o.side()), Enums.type(o.type()),
        Enums.tif(o.timeInForce()), o.priceTicks(), o.quantityLots(), o.remainingLots(),
        o.filledLots(), o.timestampMillis(), o.stopPriceTicks(), o.expireAtMillis(), o.waiting());
  }
}
