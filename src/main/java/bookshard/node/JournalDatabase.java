package bookshard.node;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The journal's database ({@code bookshard.h2} or {@code bookshard.postgres}), for plain JDBC. */
public record JournalDatabase(String kind, String url, String user, String password) {
  /** H2's "database may be already in use": another process holds the file's lock. */
  private static final int H2_LOCKED = 90020;

  public boolean isPostgres() {
    return kind.equals("postgres");
  }

  /** A connection; a locked H2 file is a {@link StartupFailure} that says what to do. */
  public Connection connect() throws SQLException {
    try {
      return DriverManager.getConnection(url, user, password);
    } catch (SQLException e) {
      if (!isPostgres() && e.getErrorCode() == H2_LOCKED) {
        throw new StartupFailure("the H2 journal " + url.replaceFirst(";.*", "").replaceFirst("^jdbc:h2:file:", "")
            + ".mv.db is in use by another process (a running node?): stop it first, or give this one its own"
            + " BOOKSHARD_DATA_DIR; a cluster shares PostgreSQL (BOOKSHARD_JOURNAL=postgres)");
      }
      throw e;
    }
  }
}
