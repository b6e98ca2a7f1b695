package bookshard.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import quickfix.MessageStore;
import quickfix.SessionID;

/**
 * The FIX session store written in batches: a store opened after a crash never sends a number
 * twice (it starts past anything the lost batch could have sent), a clean stop resumes exactly,
 * and what was written is there for a resend request.
 */
class BatchedSessionStoreTest {
  private static final SessionID SESSION = new SessionID("FIX.4.4", "BOOKSHARD", "CLIENT1");
  private JdbcDataSource db;

  @BeforeEach
  void freshDatabase() throws Exception {
    db = new JdbcDataSource();
    db.setURL("jdbc:h2:mem:fix" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    migrate("common/V2__fix_session_store.sql");
    migrate("h2/V3__fix_message_chunks.sql");
  }

  private void migrate(String file) throws Exception {
    String ddl;
    try (var in = getClass().getResourceAsStream("/sql/" + file)) {
      ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      for (String statement : ddl.replaceAll("(?m)^--.*$", "").split(";")) {
        if (!statement.isBlank()) {
          s.execute(statement);
        }
      }
    }
  }

  @Test
  void messagesWrittenOneARowBeforeV3AndInChunksAfterAreReadAsOneSequence() throws Exception {
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      for (int seq = 1; seq <= 3; seq++) {
        // What V2 wrote: no last_msgseqnum.
        s.execute("INSERT INTO fix_messages (beginstring, sendercompid, sendersubid, senderlocid, targetcompid,"
            + " targetsubid, targetlocid, session_qualifier, msgseqnum, message) VALUES ('FIX.4.4', 'BOOKSHARD', '', '',"
            + " 'CLIENT1', '', '', '', " + seq + ", 'old " + seq + "')");
      }
      s.execute("INSERT INTO fix_sessions VALUES ('FIX.4.4', 'BOOKSHARD', '', '', 'CLIENT1', '', '', '',"
          + " CURRENT_TIMESTAMP, 1, 4)");
    }
    MessageStore store = new BatchedSessionStore.Factory(db).create(SESSION);
    assertEquals(4, store.getNextSenderMsgSeqNum());
    // Numbers of more than one digit in one chunk.
    for (int seq = 4; seq <= 12; seq++) {
      store.set(seq, sent(seq));
      store.incrNextSenderMsgSeqNum();
    }
    List<String> all = new ArrayList<>();
    store.get(1, 12, all);
    assertEquals(12, all.size());
    assertEquals("old 1", all.get(0));
    assertEquals(sent(12), all.get(11));
    List<String> middle = new ArrayList<>();
    store.get(3, 10, middle);
    assertEquals(List.of("old 3", sent(4), sent(5), sent(6), sent(7), sent(8), sent(9), sent(10)), middle);
    List<String> insideAChunk = new ArrayList<>();
    store.get(11, 11, insideAChunk);
    assertEquals(List.of(sent(11)), insideAChunk);
  }

  /** A message with the chunk's separator inside and a character beyond ASCII. */
  private static String sent(int seq) {
    return "new:" + seq + ":8=FIX.4.4\u000158=caf\u00e9";
  }

  @Test
  void afterACrashTheSenderNumberStartsPastAnythingSentAndWrittenMessagesAreThere() throws Exception {
    BatchedSessionStore.Factory crashed = new BatchedSessionStore.Factory(db);
    MessageStore store = crashed.create(SESSION);
    for (int seq = 1; seq <= 5; seq++) {
      store.set(seq, "message " + seq);
      store.incrNextSenderMsgSeqNum();
    }
    store.incrNextTargetMsgSeqNum();
    List<String> written = new ArrayList<>();
    store.get(1, 5, written);
    assertEquals(List.of("message 1", "message 2", "message 3", "message 4", "message 5"), written);

    // No close: what a kill -9 leaves.
    MessageStore reopened = new BatchedSessionStore.Factory(db).create(SESSION);
    assertEquals(6 + BatchedSessionStore.MAX_UNWRITTEN, reopened.getNextSenderMsgSeqNum());
    assertEquals(2, reopened.getNextTargetMsgSeqNum());
    List<String> again = new ArrayList<>();
    reopened.get(3, 4, again);
    assertEquals(List.of("message 3", "message 4"), again);
  }

  @Test
  void aCleanStopResumesAtTheExactNumbersAndAResetStartsOver() throws Exception {
    BatchedSessionStore.Factory first = new BatchedSessionStore.Factory(db);
    MessageStore store = first.create(SESSION);
    store.set(1, "m1");
    store.incrNextSenderMsgSeqNum();
    store.setNextTargetMsgSeqNum(9);
    first.close();

    BatchedSessionStore.Factory second = new BatchedSessionStore.Factory(db);
    MessageStore reopened = second.create(SESSION);
    assertEquals(2, reopened.getNextSenderMsgSeqNum());
    assertEquals(9, reopened.getNextTargetMsgSeqNum());
    reopened.reset();
    second.close();

    MessageStore afterReset = new BatchedSessionStore.Factory(db).create(SESSION);
    assertEquals(1, afterReset.getNextSenderMsgSeqNum());
    assertEquals(1, afterReset.getNextTargetMsgSeqNum());
    List<String> none = new ArrayList<>();
    afterReset.get(1, 10, none);
    assertEquals(List.of(), none);
  }
}
