package bookshard.fix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.MessageStore;
import quickfix.MessageStoreFactory;
import quickfix.SessionID;

/**
 * A FIX session's sequence numbers and sent messages in the journal's database (tables
 * {@code fix_sessions}, {@code fix_messages}), written in batches: one transaction for whatever
 * the session did since the last one, as the books' group commit does for orders, and the
 * messages sent since then as one row (a {@link Chunk}). QuickFIX/J's own JDBC store writes each
 * message as a row in its own transaction before sending it, which held a session to a few
 * hundred orders a second; a row per message in one transaction still cost a quarter of the
 * gateway's CPU.
 *
 * <p>What a crash can cost, and why it is safe:
 * <ul>
 *   <li>The stored outgoing sequence number is always ahead of any message sent: it is written as
 *   the next number <em>plus</em> {@link #MAX_UNWRITTEN}, and a session may not get further ahead
 *   of the database than that (a send waits). A restarted gateway so never sends a number twice;
 *   the counterparty sees a gap, asks for it, and gets what was stored and a gap fill for the rest
 *   (the reports of those orders are in the journal: OrderStatusRequest gives them). A clean
 *   stop writes the exact number.
 *   <li>The stored incoming number may be behind: the gateway then asks the counterparty to
 *   resend, and a NewOrderSingle seen again is a known ClOrdID, answered with its status, never a
 *   second order.
 * </ul>
 */
final class BatchedSessionStore implements MessageStore {
  private static final Logger LOG = LoggerFactory.getLogger(BatchedSessionStore.class);
  static final int MAX_UNWRITTEN = 10_000;
  /**
   * How long the writer lets a session's changes gather after a write: one transaction per this,
   * at most. No send waits for it (only for {@link #MAX_UNWRITTEN}); 5 ms cost the gateway twice
   * the store's CPU (H2 serializes its pages at each commit).
   */
  private static final long LINGER_MILLIS = 25;
  private static final String KEY = "beginstring = ? AND sendercompid = ? AND sendersubid = ? AND senderlocid = ?"
      + " AND targetcompid = ? AND targetsubid = ? AND targetlocid = ? AND session_qualifier = ?";

  /** Makes the stores of a gateway's sessions, and stops them (each writes its exact numbers). */
  static final class Factory implements MessageStoreFactory, AutoCloseable {
    private final DataSource db;
    private final List<BatchedSessionStore> stores = new CopyOnWriteArrayList<>();

    Factory(DataSource db) {
      this.db = db;
    }

    @Override
    public MessageStore create(SessionID id) {
      try {
        BatchedSessionStore s = new BatchedSessionStore(db, id);
        stores.add(s);
        return s;
      } catch (IOException e) {
        throw new IllegalStateException("FIX session store of " + id, e);
      }
    }

    @Override
    public void close() {
      stores.forEach(BatchedSessionStore::close);
    }
  }

  private record Unwritten(int seq, String message) {}

  private final DataSource db;
  private final SessionID id;
  private final Thread writer;
  private Date creationTime;
  private int nextSender;
  private int nextTarget;
  private List<Unwritten> unwritten = new ArrayList<>();
  private boolean dirty;
  /** A batch taken by the writer and not yet committed. */
  private boolean writing;
  private boolean closed;

  private BatchedSessionStore(DataSource db, SessionID id) throws IOException {
    this.db = db;
    this.id = id;
    load();
    writer = new Thread(this::writeLoop, "fix-store-" + id.getTargetCompID());
    writer.setDaemon(true);
    writer.start();
  }

  private void load() throws IOException {
    try (Connection c = db.getConnection()) {
      try (PreparedStatement q = key(c.prepareStatement(
          "SELECT creation_time, incoming_seqnum, outgoing_seqnum FROM fix_sessions WHERE " + KEY), 1);
          ResultSet r = q.executeQuery()) {
        if (r.next()) {
          creationTime = new Date(r.getTimestamp(1).getTime());
          nextTarget = r.getInt(2);
          nextSender = r.getInt(3);
          return;
        }
      }
      creationTime = new Date();
      nextSender = 1;
      nextTarget = 1;
      try (PreparedStatement i = c.prepareStatement("INSERT INTO fix_sessions (beginstring, sendercompid, sendersubid,"
          + " senderlocid, targetcompid, targetsubid, targetlocid, session_qualifier, creation_time, incoming_seqnum,"
          + " outgoing_seqnum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        key(i, 1);
        i.setTimestamp(9, new Timestamp(creationTime.getTime()));
        i.setInt(10, 1);
        i.setInt(11, 1);
        i.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IOException("FIX session " + id + ": " + e.getMessage(), e);
    }
  }

  private PreparedStatement key(PreparedStatement s, int from) throws SQLException {
    s.setString(from, id.getBeginString());
    s.setString(from + 1, id.getSenderCompID());
    s.setString(from + 2, id.getSenderSubID());
    s.setString(from + 3, id.getSenderLocationID());
    s.setString(from + 4, id.getTargetCompID());
    s.setString(from + 5, id.getTargetSubID());
    s.setString(from + 6, id.getTargetLocationID());
    s.setString(from + 7, id.getSessionQualifier());
    return s;
  }

  @Override
  public boolean set(int sequence, String message) throws IOException {
    synchronized (this) {
      while (unwritten.size() >= MAX_UNWRITTEN && !closed) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted waiting for the FIX store", e);
        }
      }
      unwritten.add(new Unwritten(sequence, message));
      changed();
    }
    return true;
  }

  @Override
  public void get(int start, int end, Collection<String> messages) throws IOException {
    flush();
    // The chunks that may hold [start, end]: from the last one starting at or before start.
    try (Connection c = db.getConnection();
        PreparedStatement q = key(c.prepareStatement("SELECT msgseqnum, chunk, message FROM fix_messages"
            + " WHERE " + KEY + " AND msgseqnum <= ? AND msgseqnum >= (SELECT COALESCE(MAX(msgseqnum), 0)"
            + " FROM fix_messages WHERE " + KEY + " AND msgseqnum <= ?) ORDER BY msgseqnum"), 1)) {
      q.setInt(9, end);
      key(q, 10);
      q.setInt(18, start);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          int first = r.getInt(1);
          byte[] chunk = r.getBytes(2);
          if (chunk != null) {
            Chunk.read(chunk, start, end, messages);
          } else if (first >= start) {
            messages.add(r.getString(3)); // a row written before V3: one message
          }
        }
      }
    } catch (SQLException e) {
      throw new IOException(e);
    }
  }

  /** Several sent messages in one row: UTF-8, each as {@code <seqnum>:<length in chars>:<message>}. */
  static final class Chunk {
    private Chunk() {}

    static byte[] of(List<Unwritten> batch) {
      StringBuilder b = new StringBuilder(batch.size() * 320);
      for (Unwritten u : batch) {
        b.append(u.seq()).append(':').append(u.message().length()).append(':').append(u.message());
      }
      return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void read(byte[] bytes, int start, int end, Collection<String> into) {
      String chunk = new String(bytes, StandardCharsets.UTF_8);
      int at = 0;
      while (at < chunk.length()) {
        int colon = chunk.indexOf(':', at);
        int seq = Integer.parseInt(chunk, at, colon, 10);
        int lengthEnd = chunk.indexOf(':', colon + 1);
        int length = Integer.parseInt(chunk, colon + 1, lengthEnd, 10);
        at = lengthEnd + 1 + length;
        if (seq >= start && seq <= end) {
          into.add(chunk.substring(lengthEnd + 1, at));
        }
      }
    }
  }

  @Override
  public synchronized int getNextSenderMsgSeqNum() {
    return nextSender;
  }

  @Override
  public synchronized int getNextTargetMsgSeqNum() {
    return nextTarget;
  }

  @Override
  public synchronized void setNextSenderMsgSeqNum(int next) {
    nextSender = next;
    changed();
  }

  @Override
  public synchronized void setNextTargetMsgSeqNum(int next) {
    nextTarget = next;
    changed();
  }

  @Override
  public synchronized void incrNextSenderMsgSeqNum() {
    nextSender++;
    changed();
  }

  @Override
  public synchronized void incrNextTargetMsgSeqNum() {
    nextTarget++;
    changed();
  }

  @Override
  public synchronized Date getCreationTime() {
    return creationTime;
  }

  /** A new session day (or a reset logon): numbers back to 1 and no messages, at once. */
  @Override
  public void reset() throws IOException {
    flush();
    synchronized (this) {
      creationTime = new Date();
      nextSender = 1;
      nextTarget = 1;
      try (Connection c = db.getConnection()) {
        c.setAutoCommit(false);
        try (PreparedStatement d = key(c.prepareStatement("DELETE FROM fix_messages WHERE " + KEY), 1);
            PreparedStatement u = c.prepareStatement("UPDATE fix_sessions SET creation_time = ?, incoming_seqnum = 1,"
                + " outgoing_seqnum = 1 WHERE " + KEY)) {
          d.executeUpdate();
          u.setTimestamp(1, new Timestamp(creationTime.getTime()));
          key(u, 2).executeUpdate();
        }
        c.commit();
      } catch (SQLException e) {
        throw new IOException(e);
      }
    }
  }

  @Override
  public void refresh() throws IOException {
    flush();
  }

  private void changed() {
    dirty = true;
    notifyAll();
  }

  /** Waits until everything done so far is written. */
  private void flush() throws IOException {
    synchronized (this) {
      while ((dirty || writing || !unwritten.isEmpty()) && !closed) {
        try {
          wait(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted waiting for the FIX store", e);
        }
      }
    }
  }

  private void writeLoop() {
    long backoff = 10;
    while (true) {
      List<Unwritten> batch;
      int sender;
      int target;
      boolean last;
      synchronized (this) {
        while (!dirty && unwritten.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        last = closed;
        batch = unwritten;
        unwritten = new ArrayList<>();
        sender = nextSender;
        target = nextTarget;
        dirty = false;
        writing = true;
      }
      try {
        // Ahead by what may be sent before the next write, except at a clean stop: see the class comment.
        write(batch, target, last ? sender : sender + MAX_UNWRITTEN);
        backoff = 10;
      } catch (SQLException e) {
        LOG.error("FIX session {}: writing its store failed ({}); retrying", id, e.getMessage());
        synchronized (this) {
          batch.addAll(unwritten);
          unwritten = batch;
          dirty = true;
          writing = false;
        }
        sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
        if (last) {
          return;
        }
        continue;
      }
      synchronized (this) {
        writing = false;
        notifyAll();
      }
      if (last) {
        return;
      }
      sleep(LINGER_MILLIS);
    }
  }

  private void write(List<Unwritten> batch, int target, int storedSender) throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      if (!batch.isEmpty()) {
        try (PreparedStatement i = c.prepareStatement("INSERT INTO fix_messages (beginstring, sendercompid, sendersubid,"
            + " senderlocid, targetcompid, targetsubid, targetlocid, session_qualifier, msgseqnum, last_msgseqnum,"
            + " chunk) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          key(i, 1);
          i.setInt(9, batch.get(0).seq());
          i.setInt(10, batch.get(batch.size() - 1).seq());
          i.setBytes(11, Chunk.of(batch));
          i.executeUpdate();
        }
      }
      try (PreparedStatement u = c.prepareStatement(
          "UPDATE fix_sessions SET incoming_seqnum = ?, outgoing_seqnum = ? WHERE " + KEY)) {
        u.setInt(1, target);
        u.setInt(2, storedSender);
        key(u, 3).executeUpdate();
      }
      c.commit();
    }
  }

  /** Writes what is left and the exact numbers, then stops the writer. */
  void close() {
    synchronized (this) {
      closed = true;
      dirty = true;
      notifyAll();
    }
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
