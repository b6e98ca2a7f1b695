package bookshard.fix;

import bookshard.book.NewOrder;
import bookshard.book.OrderType;
import bookshard.book.OrderView;
import bookshard.book.Side;
import bookshard.book.TimeInForce;
import bookshard.feed.MarketData;
import bookshard.http.ApiError;
import bookshard.protocol.BookReply;
import bookshard.protocol.BookRequest;
import bookshard.protocol.Books;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Application;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.MessageCracker;
import quickfix.SLF4JLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.SessionSettings;
import quickfix.ThreadedSocketAcceptor;
import quickfix.field.Account;
import quickfix.field.AvgPx;
import quickfix.field.BusinessRejectReason;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.CxlRejReason;
import quickfix.field.CxlRejResponseTo;
import quickfix.field.ExecID;
import quickfix.field.ExecInst;
import quickfix.field.ExecType;
import quickfix.field.ExpireTime;
import quickfix.field.LeavesQty;
import quickfix.field.MassCancelRequestType;
import quickfix.field.MassCancelResponse;
import quickfix.field.MsgSeqNum;
import quickfix.field.MsgType;
import quickfix.field.OrdRejReason;
import quickfix.field.OrdStatus;
import quickfix.field.OrderID;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.Price;
import quickfix.field.RefMsgType;
import quickfix.field.RefSeqNum;
import quickfix.field.StopPx;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.field.TotalAffectedOrders;
import quickfix.fix44.BusinessMessageReject;
import quickfix.fix44.ExecutionReport;
import quickfix.fix44.NewOrderSingle;
import quickfix.fix44.OrderCancelReject;
import quickfix.fix44.OrderCancelReplaceRequest;
import quickfix.fix44.OrderCancelRequest;
import quickfix.fix44.OrderMassCancelReport;
import quickfix.fix44.OrderMassCancelRequest;
import quickfix.fix44.OrderStatusRequest;

/**
 * FIX 4.4 order entry on QuickFIX/J, inside a node: each configured session trades for its
 * accounts through the same {@link Books} as REST and the WebSocket (the same checks; the
 * book's rejects named by the same table, {@link ApiError#rejection}, with the API's field names
 * turned into tags).
 *
 * <p>ExecutionReports come from the book's journal, not from replies: one stream per configured
 * book follows the events of the gateway's accounts ({@link MarketData#accountsEvents}), and
 * {@link FixOrders} turns each into its report, so fills as maker reach the session too and
 * every CumQty/LeavesQty is the journal's. A book's reply only answers what made no event: a
 * reject, a duplicate (an OrderStatus report of the order that has the ClOrdID), an overload.
 * ClOrdID is the order's clientOrderId, so a NewOrderSingle sent again never makes a second order.
 *
 * <p>Sequence numbers and sent messages are in the journal's database ({@link BatchedSessionStore},
 * tables {@code fix_sessions} and {@code fix_messages}), so a restarted node resumes each session.
 */
public final class FixGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FixGateway.class);
  static final String BEGIN_STRING = "FIX.4.4";
  private static final int RESTING_ORDERS_READ = 100_000;

  private final ThreadedSocketAcceptor acceptor;
  private final BatchedSessionStore.Factory stores;
  private final List<UniqueKillSwitch> streams;
  private final int port;

  private FixGateway(ThreadedSocketAcceptor acceptor, BatchedSessionStore.Factory stores, List<UniqueKillSwitch> streams,
      int port) {
    this.acceptor = acceptor;
    this.stores = stores;
    this.streams = streams;
    this.port = port;
  }

  public int port() {
    return port;
  }

  /**
   * Learns the live orders of the sessions' accounts, follows each configured book, then opens
   * the port. {@code store}: the journal's database, with the {@code fix_*} tables.
   */
  public static FixGateway start(ActorSystem<?> system, Books books, MarketData marketData, DataSource store,
      FixSettings settings, Duration timeout) throws Exception {
    Map<String, SessionID> sessionOf = new HashMap<>();
    Map<SessionID, List<String>> accountsOf = new HashMap<>();
    for (FixSettings.Session s : settings.sessions()) {
      SessionID id = new SessionID(BEGIN_STRING, settings.senderCompId(), s.targetCompId());
      accountsOf.put(id, List.copyOf(s.accounts()));
      s.accounts().forEach(a -> sessionOf.put(a, id));
    }
    Set<String> accounts = new HashSet<>(sessionOf.keySet());
    Map<String, FixOrders> orders = new HashMap<>();
    for (String symbol : books.symbols()) {
      FixOrders book = new FixOrders(symbol, accounts::contains);
      orders.put(symbol, book);
      for (String account : accounts) {
        BookReply r = books.read(symbol, new BookRequest.GetRestingOrders(account, RESTING_ORDERS_READ))
            .toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r instanceof BookReply.RestingOrders ro) {
          for (List<OrderView> side : List.of(ro.bids(), ro.asks(), ro.stops())) {
            side.forEach(book::seed);
          }
        }
      }
    }
    List<UniqueKillSwitch> streams = new ArrayList<>();
    List<CompletableFuture<Void>> following = new ArrayList<>();
    for (FixOrders book : orders.values()) {
      CompletableFuture<Void> ready = new CompletableFuture<>();
      following.add(ready);
      streams.add(follow(system, marketData, book, accounts, sessionOf, ready));
    }
    CompletableFuture.allOf(following.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);

    SessionSettings qf = new SessionSettings();
    qf.setString("ConnectionType", "acceptor");
    qf.setLong("SocketAcceptPort", settings.port());
    qf.setString("StartTime", "00:00:00");
    qf.setString("EndTime", "00:00:00");
    qf.setBool("NonStopSession", true);
    qf.setBool("UseDataDictionary", true);
    qf.setString("DataDictionary", "FIX44.xml");
    qf.setBool("PersistMessages", settings.persistMessages());
    qf.setBool("SLF4JLogHeartbeats", false);
    for (SessionID id : accountsOf.keySet()) {
      qf.setString(id, "BeginString", BEGIN_STRING);
      qf.setString(id, "SenderCompID", id.getSenderCompID());
      qf.setString(id, "TargetCompID", id.getTargetCompID());
    }
    BatchedSessionStore.Factory storeFactory = new BatchedSessionStore.Factory(store);
    ThreadedSocketAcceptor acceptor = new ThreadedSocketAcceptor(
        new Gateway(books, orders, accountsOf, timeout), storeFactory, qf, new SLF4JLogFactory(qf),
        new DefaultMessageFactory());
    acceptor.start();
    LOG.info("FIX 4.4 gateway on port {} as {}: sessions {}", settings.port(), settings.senderCompId(),
        accountsOf.keySet().stream().map(SessionID::getTargetCompID).sorted().toList());
    return new FixGateway(acceptor, storeFactory, streams, settings.port());
  }

  /** One book's events for the gateway's accounts, as reports to their sessions; resumes where it was after a failure. */
  private static UniqueKillSwitch follow(ActorSystem<?> system, MarketData marketData, FixOrders book,
      Set<String> accounts, Map<String, SessionID> sessionOf, CompletableFuture<Void> ready) {
    AtomicLong after = new AtomicLong(-1);
    RestartSettings backoff = RestartSettings.create(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2);
    return RestartSource.withBackoff(backoff, () -> marketData.accountsEvents(book.symbol(), accounts::contains,
            after.get() < 0 ? OptionalLong.empty() : OptionalLong.of(after.get())))
        .viaMat(KillSwitches.single(), Keep.right())
        .toMat(Sink.foreach(e -> {
          if (e.event() == null) {
            after.compareAndSet(-1, e.position());
            ready.complete(null);
            return;
          }
          after.set(e.position());
          for (FixOrders.Report r : book.apply(e.position(), e.event())) {
            send(r.message(), sessionOf.get(r.account()));
          }
        }), Keep.left())
        .run(system);
  }

  static void send(Message message, SessionID session) {
    try {
      Session.sendToTarget(message, session);
    } catch (SessionNotFound e) {
      LOG.warn("FIX session {} not found for a {}", session, message.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    acceptor.stop();
    streams.forEach(UniqueKillSwitch::shutdown);
    stores.close();
  }

  /** The session side: each application message to a book command, each answer that made no event to a message. */
  private static final class Gateway extends MessageCracker implements Application {
    private final Books books;
    private final Map<String, FixOrders> orders;
    private final Map<SessionID, List<String>> accountsOf;
    private final Duration timeout;

    Gateway(Books books, Map<String, FixOrders> orders, Map<SessionID, List<String>> accountsOf, Duration timeout) {
      this.books = books;
      this.orders = orders;
      this.accountsOf = accountsOf;
      this.timeout = timeout;
    }

    @Override
    public void onCreate(SessionID sessionId) {}

    @Override
    public void onLogon(SessionID sessionId) {
      LOG.info("FIX session {} logged on", sessionId);
    }

    @Override
    public void onLogout(SessionID sessionId) {
      LOG.info("FIX session {} logged out", sessionId);
    }

    @Override
    public void toAdmin(Message message, SessionID sessionId) {}

    @Override
    public void fromAdmin(Message message, SessionID sessionId) {}

    @Override
    public void toApp(Message message, SessionID sessionId) {}

    @Override
    public void fromApp(Message message, SessionID sessionId) throws FieldNotFound, quickfix.IncorrectTagValue,
        quickfix.UnsupportedMessageType {
      crack(message, sessionId);
    }

    /** A refusal made here, before the book: the tag at fault and why. */
    private static final class Refusal extends Exception {
      /** OrdRejReason(103), or CxlRejReason(102) for a cancel or replace. */
      final int reason;

      Refusal(int reason, String text) {
        super(text, null, false, false);
        this.reason = reason;
      }

      Refusal(String text) {
        this(OrdRejReason.OTHER, text);
      }
    }

    @Handler
    public void onMessage(NewOrderSingle m, SessionID session) throws FieldNotFound {
      String clOrdId = m.getClOrdID().getValue();
      String symbol = m.getSymbol().getValue();
      NewOrder order;
      try {
        order = newOrder(m, session);
      } catch (Refusal r) {
        send(rejected(m, r.reason, r.getMessage()), session);
        return;
      }
      FixOrders book = orders.get(symbol);
      books.place(symbol, order).whenComplete((reply, failure) -> {
        if (failure != null) {
          notConfirmed(m, session, "ClOrdID " + clOrdId);
        } else if (reply instanceof BookReply.Accepted a && a.duplicate()) {
          Message status = book.status(a.outcome().orderId());
          if (status != null) {
            status.setString(Text.FIELD, "duplicate ClOrdID: this order has it already");
            send(status, session);
          } else {
            send(rejected(m, OrdRejReason.DUPLICATE_ORDER, "duplicate ClOrdID: order " + a.outcome().orderId() + " has it"), session);
          }
        } else if (!(reply instanceof BookReply.Accepted)) {
          ApiError e = ApiError.refusal(reply);
          int reason = reply instanceof BookReply.Rejected rej ? FixFields.ordRejReason(rej.reason()) : OrdRejReason.OTHER;
          send(rejected(m, reason, text(e)), session);
        }
      });
    }

    private NewOrder newOrder(NewOrderSingle m, SessionID session) throws FieldNotFound, Refusal {
      String symbol = m.getSymbol().getValue();
      if (!books.symbols().contains(symbol)) {
        throw new Refusal(OrdRejReason.UNKNOWN_SYMBOL, "Symbol(55): no book for " + symbol + " on this gateway");
      }
      String account = account(m, session);
      Side side = FixFields.side(m.getSide().getValue());
      if (side == null) {
        throw new Refusal("Side(54): 1 (buy) or 2 (sell)");
      }
      OrderType type = FixFields.ordType(m.getOrdType().getValue());
      if (type == null) {
        throw new Refusal("OrdType(40): 1 (market), 2 (limit), 3 (stop) or 4 (stop limit)");
      }
      boolean market = type == OrderType.MARKET || type == OrderType.STOP;
      TimeInForce tif;
      long expireAt = 0;
      char fixTif = m.isSetTimeInForce() ? m.getTimeInForce().getValue()
          : market ? quickfix.field.TimeInForce.IMMEDIATE_OR_CANCEL : quickfix.field.TimeInForce.DAY;
      switch (fixTif) {
        case quickfix.field.TimeInForce.DAY -> {
          // A day order ends with the UTC day: the book has no session close, so it is GTD to midnight.
          tif = TimeInForce.GTD;
          expireAt = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        case quickfix.field.TimeInForce.GOOD_TILL_CANCEL -> tif = TimeInForce.GTC;
        case quickfix.field.TimeInForce.IMMEDIATE_OR_CANCEL -> tif = TimeInForce.IOC;
        case quickfix.field.TimeInForce.FILL_OR_KILL -> tif = TimeInForce.FOK;
        case quickfix.field.TimeInForce.GOOD_TILL_DATE -> {
          tif = TimeInForce.GTD;
          if (!m.isSetExpireTime()) {
            throw new Refusal("ExpireTime(126): a GTD order needs one (UTC)");
          }
          expireAt = m.getExpireTime().getValue().toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        default -> throw new Refusal("TimeInForce(59): 0 (day), 1 (GTC), 3 (IOC), 4 (FOK) or 6 (GTD)");
      }
      if (m.isSetExecInst() && m.getExecInst().getValue().indexOf(ExecInst.PARTICIPATE_DONT_INITIATE) >= 0) {
        if (type != OrderType.LIMIT || tif != TimeInForce.GTC) {
          throw new Refusal("ExecInst(18): 6 (post only) is for a GTC limit order");
        }
        tif = TimeInForce.POST_ONLY;
      }
      long price = 0;
      if (!market) {
        price = whole(m, Price.FIELD, "Price(44)", "a limit price in ticks");
      } else if (m.isSetPrice()) {
        throw new Refusal("Price(44): a " + (type == OrderType.MARKET ? "market" : "stop") + " order has none");
      }
      long stop = 0;
      if (type.isStop()) {
        stop = whole(m, StopPx.FIELD, "StopPx(99)", "a stop price in ticks");
      } else if (m.isSetStopPx()) {
        throw new Refusal("StopPx(99): only stop and stop limit orders have one");
      }
      long quantity = whole(m, OrderQty.FIELD, "OrderQty(38)", "a quantity in lots");
      return new NewOrder(account, m.getClOrdID().getValue(), side, type, tif, price, quantity, stop, expireAt);
    }

    /** The order's account: Account(1), which must be one of the session's; absent, the session's only one. */
    private String account(Message m, SessionID session) throws FieldNotFound, Refusal {
      List<String> own = accountsOf.get(session);
      if (!m.isSetField(Account.FIELD)) {
        if (own.size() == 1) {
          return own.get(0);
        }
        throw new Refusal("Account(1): required; this session trades for " + String.join(", ", own));
      }
      String account = m.getString(Account.FIELD);
      if (!own.contains(account)) {
        throw new Refusal("Account(1): " + account + " is not an account of this session");
      }
      return account;
    }

    private static long whole(Message m, int tag, String name, String what) throws FieldNotFound, Refusal {
      if (!m.isSetField(tag)) {
        throw new Refusal(name + ": required, " + what);
      }
      java.math.BigDecimal v = m.getDecimal(tag);
      try {
        long n = v.longValueExact();
        if (n <= 0) {
          throw new ArithmeticException();
        }
        return n;
      } catch (ArithmeticException e) {
        throw new Refusal(name + ": " + what + ", a whole number above 0 (got " + v.toPlainString() + ")");
      }
    }

    private static String text(ApiError e) {
      String tag = FixFields.tagOf(e.field());
      return e.code() + (tag == null ? "" : " " + tag) + ": " + e.getMessage();
    }

    private static ExecutionReport rejected(NewOrderSingle m, int ordRejReason, String text) {
      try {
        ExecutionReport er = new ExecutionReport(new OrderID("NONE"), new ExecID("rej-" + System.nanoTime()),
            new ExecType(ExecType.REJECTED), new OrdStatus(OrdStatus.REJECTED), m.getSide(), new LeavesQty(0),
            new CumQty(0), new AvgPx(0));
        er.set(m.getClOrdID());
        er.set(m.getSymbol());
        if (m.isSetAccount()) {
          er.set(m.getAccount());
        }
        if (m.isSetOrderQty()) {
          er.set(m.getOrderQty());
        }
        er.set(new OrdRejReason(ordRejReason));
        er.set(new Text(text));
        return er;
      } catch (FieldNotFound e) {
        throw new IllegalStateException("required field checked by the data dictionary", e);
      }
    }

    /** No answer in time (a book moving to another node): the client asks again, the book has one answer. */
    private static void notConfirmed(Message m, SessionID session, String what) {
      try {
        BusinessMessageReject r = new BusinessMessageReject(new RefMsgType(m.getHeader().getString(MsgType.FIELD)),
            new BusinessRejectReason(BusinessRejectReason.APPLICATION_NOT_AVAILABLE));
        r.set(new RefSeqNum(m.getHeader().getInt(MsgSeqNum.FIELD)));
        r.set(new Text(what + " not confirmed in time: it may or may not have been applied; send it again"
            + " with the same ClOrdID, or an OrderStatusRequest"));
        send(r, session);
      } catch (FieldNotFound e) {
        throw new IllegalStateException("header fields are always set", e);
      }
    }

    @Handler
    public void onMessage(OrderCancelRequest m, SessionID session) throws FieldNotFound {
      String symbol = m.getSymbol().getValue();
      FixOrders book = orders.get(symbol);
      String clOrdId = m.getClOrdID().getValue();
      String orig = m.getOrigClOrdID().getValue();
      String account;
      try {
        known(book, symbol);
        account = account(m, session);
      } catch (Refusal r) {
        send(cancelReject(m.isSetOrderID() ? m.getOrderID() : null, clOrdId, orig, CxlRejResponseTo.ORDER_CANCEL_REQUEST, CxlRejReason.OTHER,
            r.getMessage(), null), session);
        return;
      }
      Long orderId = orderId(book, account, orig, m.isSetOrderID() ? m.getOrderID().getValue() : null);
      if (orderId != null) {
        book.expectCancel(orderId, clOrdId);
      }
      change(m, session, symbol, book, orderId, clOrdId, orig, CxlRejResponseTo.ORDER_CANCEL_REQUEST, "the cancel",
          orderId != null ? new BookRequest.Cancel(orderId, account) : new BookRequest.CancelByClientOrderId(account, orig));
    }

    /**
     * A cancel or replace sent to its book: a refusal is answered with an OrderCancelReject, and
     * the order no longer expects it; no answer in time, with a BusinessMessageReject.
     */
    private void change(Message m, SessionID session, String symbol, FixOrders book, Long orderId, String clOrdId,
        String orig, char responseTo, String what, BookRequest.Write request) {
      books.send(symbol, request).whenComplete((reply, failure) -> {
        if (failure != null) {
          notConfirmed(m, session, what + " " + clOrdId);
        } else if (!(reply instanceof BookReply.Accepted)) {
          if (orderId != null) {
            book.forget(orderId);
          }
          send(cancelReject(orderId, book, clOrdId, orig, responseTo, reply), session);
        }
      });
    }

    private static void known(FixOrders book, String symbol) throws Refusal {
      if (book == null) {
        throw new Refusal("Symbol(55): no book for " + symbol + " on this gateway");
      }
    }

    @Handler
    public void onMessage(OrderCancelReplaceRequest m, SessionID session) throws FieldNotFound {
      String symbol = m.getSymbol().getValue();
      FixOrders book = orders.get(symbol);
      String clOrdId = m.getClOrdID().getValue();
      String orig = m.getOrigClOrdID().getValue();
      String account;
      long orderId;
      long price;
      long remaining;
      try {
        known(book, symbol);
        account = account(m, session);
        Long id = orderId(book, account, orig, m.isSetOrderID() ? m.getOrderID().getValue() : null);
        FixOrders.Tracked t = id == null ? null : book.get(id);
        if (t == null) {
          throw new Refusal(CxlRejReason.UNKNOWN_ORDER, "OrigClOrdID(41): no live order of " + account + " has " + orig);
        }
        orderId = id;
        price = m.isSetPrice() ? whole(m, Price.FIELD, "Price(44)", "the new limit price in ticks") : 0;
        // FIX's OrderQty is the order's whole quantity, filled part included; the book amends what remains.
        remaining = whole(m, OrderQty.FIELD, "OrderQty(38)", "the new order quantity in lots") - t.cumLots;
        if (remaining <= 0) {
          throw new Refusal(CxlRejReason.OTHER, "OrderQty(38): must exceed the quantity filled (" + t.cumLots
              + "); to stop the order, cancel it");
        }
      } catch (Refusal r) {
        send(cancelReject(m.isSetOrderID() ? m.getOrderID() : null, clOrdId, orig, CxlRejResponseTo.ORDER_CANCEL_REPLACE_REQUEST,
            r.reason == CxlRejReason.UNKNOWN_ORDER ? CxlRejReason.UNKNOWN_ORDER : CxlRejReason.OTHER,
            r.getMessage(), null), session);
        return;
      }
      book.expectReplace(orderId, clOrdId);
      change(m, session, symbol, book, orderId, clOrdId, orig, CxlRejResponseTo.ORDER_CANCEL_REPLACE_REQUEST, "the replace",
          new BookRequest.Amend(orderId, account, price, remaining));
    }

    @Handler
    public void onMessage(OrderMassCancelRequest m, SessionID session) throws FieldNotFound {
      char type = m.getMassCancelRequestType().getValue();
      List<String> symbols;
      if (type == MassCancelRequestType.CANCEL_ALL_ORDERS) {
        symbols = List.copyOf(orders.keySet());
      } else if (type == MassCancelRequestType.CANCEL_ORDERS_FOR_A_SECURITY && m.isSetSymbol()
          && orders.containsKey(m.getSymbol().getValue())) {
        symbols = List.of(m.getSymbol().getValue());
      } else {
        OrderMassCancelReport r = new OrderMassCancelReport(new OrderID("NONE"), new MassCancelRequestType(type),
            new MassCancelResponse(MassCancelResponse.CANCEL_REQUEST_REJECTED_SEE_MASSCANCELREJECTREASON));
        r.set(m.getClOrdID());
        r.set(new quickfix.field.MassCancelRejectReason(quickfix.field.MassCancelRejectReason.OTHER));
        r.set(new Text("MassCancelRequestType(530): 7 (all orders) or 1 (a security, with a configured Symbol(55))"));
        send(r, session);
        return;
      }
      ClOrdID clOrdId = m.getClOrdID();
      // Every account of the session, in every book asked: each order's Canceled report follows from the journal.
      List<CompletableFuture<BookReply>> cancels = new ArrayList<>();
      for (String symbol : symbols) {
        for (String account : accountsOf.get(session)) {
          cancels.add(books.send(symbol, new BookRequest.CancelAll(account)).toCompletableFuture());
        }
      }
      CompletableFuture.allOf(cancels.toArray(CompletableFuture[]::new)).whenComplete((ok, failure) -> {
        int affected = 0;
        boolean all = true;
        for (CompletableFuture<BookReply> c : cancels) {
          BookReply reply = c.isCompletedExceptionally() ? null : c.join();
          if (reply instanceof BookReply.MassCancelled mc) {
            affected += mc.orderIds().size();
          } else {
            all = false;
          }
        }
        OrderMassCancelReport r = new OrderMassCancelReport(new OrderID("NONE"), new MassCancelRequestType(type),
            new MassCancelResponse(all ? (type == MassCancelRequestType.CANCEL_ALL_ORDERS
                ? MassCancelResponse.CANCEL_ALL_ORDERS : MassCancelResponse.CANCEL_ORDERS_FOR_A_SECURITY)
                : MassCancelResponse.CANCEL_REQUEST_REJECTED_SEE_MASSCANCELREJECTREASON));
        r.set(clOrdId);
        r.set(new TotalAffectedOrders(affected));
        if (!all) {
          r.set(new Text("some books did not answer in time: send the request again"));
        }
        send(r, session);
      });
    }

    @Handler
    public void onMessage(OrderStatusRequest m, SessionID session) throws FieldNotFound {
      String symbol = m.getSymbol().getValue();
      FixOrders book = orders.get(symbol);
      String clOrdId = m.isSetClOrdID() ? m.getClOrdID().getValue() : null;
      Long orderId = null;
      if (book != null) {
        try {
          String account = account(m, session);
          orderId = orderId(book, account, clOrdId, m.isSetOrderID() ? m.getOrderID().getValue() : null);
        } catch (Refusal r) {
          orderId = null;
        }
      }
      Message status = orderId == null ? null : book.status(orderId);
      if (status == null) {
        ExecutionReport unknown = new ExecutionReport(new OrderID(m.isSetOrderID() ? m.getOrderID().getValue() : "NONE"),
            new ExecID("status-unknown"), new ExecType(ExecType.ORDER_STATUS), new OrdStatus(OrdStatus.REJECTED),
            m.getSide(), new LeavesQty(0), new CumQty(0), new AvgPx(0));
        if (clOrdId != null) {
          unknown.set(new ClOrdID(clOrdId));
        }
        unknown.set(new Symbol(symbol));
        unknown.set(new OrdRejReason(OrdRejReason.UNKNOWN_ORDER));
        unknown.set(new Text("no order of this session's accounts with this OrderID(37) or ClOrdID(11) is known"));
        status = unknown;
      }
      send(status, session);
    }

    /** The book's id for an order: OrderID(37) when given, else the FIX ClOrdID it has had. */
    private static Long orderId(FixOrders book, String account, String clOrdId, String orderIdField) {
      if (orderIdField != null) {
        try {
          Long id = Long.parseLong(orderIdField);
          FixOrders.Tracked t = book.get(id);
          return t == null || t.account.equals(account) ? id : null;
        } catch (NumberFormatException e) {
          return null;
        }
      }
      return clOrdId == null ? null : book.orderIdOf(account, clOrdId);
    }

    private static OrderCancelReject cancelReject(Long orderId, FixOrders book, String clOrdId, String orig,
        char responseTo, BookReply reply) {
      ApiError e = ApiError.refusal(reply);
      boolean unknown = reply instanceof BookReply.Rejected r && r.reason() == bookshard.book.RejectReason.UNKNOWN_ORDER;
      FixOrders.Tracked t = orderId == null ? null : book.get(orderId);
      return cancelReject(orderId == null ? null : new OrderID(Long.toString(orderId)), clOrdId, orig, responseTo,
          unknown ? CxlRejReason.UNKNOWN_ORDER : CxlRejReason.OTHER, e == null ? "refused" : text(e), t);
    }

    private static OrderCancelReject cancelReject(OrderID orderId, String clOrdId, String orig, char responseTo,
        int reason, String text, FixOrders.Tracked t) {
      OrderCancelReject r = new OrderCancelReject(orderId == null ? new OrderID("NONE") : orderId, new ClOrdID(clOrdId),
          new OrigClOrdID(orig), new OrdStatus(t == null ? OrdStatus.REJECTED : t.status),
          new CxlRejResponseTo(responseTo));
      r.set(new CxlRejReason(reason));
      r.set(new Text(text));
      return r;
    }
  }
}
