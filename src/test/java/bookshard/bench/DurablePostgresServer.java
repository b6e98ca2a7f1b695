package bookshard.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;

/**
 * A durable embedded PostgreSQL (fsync and synchronous commit on) for {@code bench/ab.sh}, which
 * runs each commit's jar against it: creates databases {@code bench1 .. benchN} (a fresh one per
 * run), prints {@code PGPORT <port>}, and stops when its standard input closes.
 */
public final class DurablePostgresServer {
  private DurablePostgresServer() {}

  public static void main(String[] args) throws Exception {
    int databases = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    try (EmbeddedPostgres pg = DurablePostgres.start()) {
      try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        for (int i = 1; i <= databases; i++) {
          s.execute("CREATE DATABASE bench" + i);
        }
      }
      System.out.println("PGPORT " + pg.getPort());
      System.out.flush();
      while (System.in.read() >= 0) {
        // until the script closes our input
      }
    }
  }
}
