package bookshard.protocol;

import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * How a book is named outside its symbol: the sharding type key, and the persistence id its
 * events are journalled under ({@code Book|SYMBOL}). Everything that reads the journal by book
 * goes through here, so there is one spelling.
 */
public final class BookIds {
  public static final EntityTypeKey<BookCommand> TYPE_KEY = EntityTypeKey.create(BookCommand.class, "Book");

  /**
   * The cluster role of the members that host books, ledgers and guards: the engine's nodes. A
   * member without it (a {@code bookshard-client}) reaches them through sharding proxies.
   */
  public static final String ENGINE_ROLE = "engine";

  private static final String PREFIX = TYPE_KEY.name() + PersistenceId.DefaultSeparator();

  private BookIds() {}

  public static PersistenceId persistenceId(String symbol) {
    return PersistenceId.of(TYPE_KEY.name(), symbol);
  }

  /** The book's persistence id prefix, for listing every book in the journal. */
  public static String persistenceIdPrefix() {
    return PREFIX;
  }

  /** The symbol of a book's persistence id; null if the id is not a book's. */
  public static String symbolOf(String persistenceId) {
    return persistenceId.startsWith(PREFIX) ? persistenceId.substring(PREFIX.length()) : null;
  }
}
