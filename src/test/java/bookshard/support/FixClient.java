package bookshard.support;

import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import quickfix.Application;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.FileStoreFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;
import quickfix.field.MsgType;

/**
 * A FIX 4.4 counterparty for tests: a QuickFIX/J initiator whose session state is kept in
 * {@code storeDir} (so a second client on the same directory continues the sequence numbers),
 * and every application message it receives, in order.
 */
public final class FixClient implements AutoCloseable {
  private final SocketInitiator initiator;
  private final SessionID session;
  private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
  private final CountDownLatch loggedOn = new CountDownLatch(1);

  public FixClient(int port, String senderCompId, Path storeDir) throws Exception {
    session = new SessionID("FIX.4.4", senderCompId, "BOOKSHARD");
    SessionSettings s = new SessionSettings();
    s.setString("ConnectionType", "initiator");
    s.setString("SocketConnectHost", "127.0.0.1");
    s.setLong("SocketConnectPort", port);
    s.setString("StartTime", "00:00:00");
    s.setString("EndTime", "00:00:00");
    s.setBool("NonStopSession", true);
    s.setLong("HeartBtInt", 30);
    s.setLong("ReconnectInterval", 1);
    s.setString("FileStorePath", storeDir.toString());
    s.setBool("UseDataDictionary", true);
    s.setString("DataDictionary", "FIX44.xml");
    s.setString(session, "BeginString", "FIX.4.4");
    s.setString(session, "SenderCompID", senderCompId);
    s.setString(session, "TargetCompID", "BOOKSHARD");
    initiator = new SocketInitiator(new Application() {
      @Override
      public void onCreate(SessionID sessionId) {}

      @Override
      public void onLogon(SessionID sessionId) {
        loggedOn.countDown();
      }

      @Override
      public void onLogout(SessionID sessionId) {}

      @Override
      public void toAdmin(Message message, SessionID sessionId) {}

      @Override
      public void fromAdmin(Message message, SessionID sessionId) {}

      @Override
      public void toApp(Message message, SessionID sessionId) {}

      @Override
      public void fromApp(Message message, SessionID sessionId) {
        received.add(message);
      }
    }, new FileStoreFactory(s), s, new quickfix.SLF4JLogFactory(s), new DefaultMessageFactory());
    initiator.start();
    if (!loggedOn.await(30, TimeUnit.SECONDS)) {
      initiator.stop(true);
      throw new IllegalStateException(senderCompId + " did not log on");
    }
  }

  public void send(Message m) throws SessionNotFound {
    Session.sendToTarget(m, session);
  }

  /** The next application message received, which must be of {@code msgType} (e.g. "8"). */
  public Message next(String msgType) throws InterruptedException, FieldNotFound {
    Message m = received.poll(30, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("no message " + msgType + " in 30 s");
    }
    String type = m.getHeader().getString(MsgType.FIELD);
    if (!type.equals(msgType)) {
      throw new AssertionError("expected a " + msgType + ", got " + m.toString().replace('\u0001', '|'));
    }
    return m;
  }

  /** Nothing more arrives within {@code millis}. */
  public Message poll(long millis) throws InterruptedException {
    return received.poll(millis, TimeUnit.MILLISECONDS);
  }

  public int nextSenderSeqNum() {
    return Session.lookupSession(session).getExpectedSenderNum();
  }

  public int nextTargetSeqNum() {
    return Session.lookupSession(session).getExpectedTargetNum();
  }

  @Override
  public void close() {
    initiator.stop(true);
  }
}
