package bookshard.node;

import bookshard.entity.BookSettings;
import bookshard.entity.SnapshotPolicy;
import bookshard.feed.FeedSettings;
import bookshard.http.AuthSettings;
import bookshard.http.HttpSettings;
import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every {@code bookshard.*} setting, read once from the loaded configuration into the typed
 * settings of the package that uses it; nothing else reads {@code bookshard.*} keys.
 */
public record NodeSettings(
    HttpSettings http,
    AuthSettings auth,
    BookSettings book,
    FeedSettings feed,
    Instruments instruments,
    JournalDatabase journal,
    boolean createSchema) {

  /** Symbols with a book: the configured ones, and any matching {@code pattern} (null: none). */
  public record Instruments(List<String> symbols, Pattern pattern) {
    public boolean exists(String symbol) {
      return symbols.contains(symbol) || (pattern != null && pattern.matcher(symbol).matches());
    }
  }

  /** {@code config} as {@link NodeConfig#load} returns it. */
  public static NodeSettings from(Config config) {
    Config b = config.getConfig("bookshard");
    return new NodeSettings(http(b), auth(b.getConfig("auth")), book(b.getConfig("book")),
        new FeedSettings(b.getInt("feed.reader-buffer"), b.getDuration("feed.keep-alive"),
            b.getDuration("feed.backstop-poll")),
        instruments(b.getConfig("instruments")), journal(config), b.getBoolean("create-schema"));
  }

  /** The journal's database alone, for tools that need nothing else. */
  public static JournalDatabase journal(Config config) {
    String kind = config.getString("bookshard.journal");
    Config db = config.getConfig("bookshard." + kind);
    return new JournalDatabase(kind, db.getString("url"), db.getString("user"), db.getString("password"));
  }

  private static HttpSettings http(Config b) {
    Config c = b.getConfig("http");
    return new HttpSettings(c.getString("host"), c.getInt("port"), c.getDuration("ask-timeout"),
        c.getBytes("max-body-bytes"), c.getInt("max-depth"), c.getInt("max-trades-limit"),
        c.getInt("max-orders-limit"), c.getInt("max-half-open-connections"),
        c.getDuration("request-header-timeout"));
  }

  private static BookSettings book(Config c) {
    int every = c.getInt("snapshot-every");
    SnapshotPolicy snapshots = new SnapshotPolicy(every, c.getDouble("snapshot-ratio"),
        Math.max(every, c.getInt("snapshot-max-events")), c.getInt("keep-snapshots"));
    return new BookSettings(snapshots, c.getInt("recent-trades"), c.getInt("max-batch"), c.getInt("max-queued-commands"),
        c.getDuration("batch-timeout"), System::currentTimeMillis, "");
  }

  private static Instruments instruments(Config c) {
    String p = c.getString("pattern");
    return new Instruments(List.copyOf(c.getStringList("symbols")), p.isEmpty() ? null : Pattern.compile(p));
  }

  /**
   * Keys from {@code keys} (a list of {sha256, account}) and from {@code keys-list}
   * ("account:sha256,..." — what BOOKSHARD_API_KEYS sets). Keys on with none configured would
   * refuse every request, so that is a start-up error, not a silent 401 for everyone.
   */
  private static AuthSettings auth(Config c) {
    Map<String, String> keys = new LinkedHashMap<>();
    for (Config k : c.getConfigList("keys")) {
      keys.put(k.getString("sha256"), k.getString("account"));
    }
    for (String entry : c.getString("keys-list").split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.trim().split(":");
      if (parts.length != 2 || !parts[1].matches("[0-9a-fA-F]{64}")) {
        throw new StartupFailure("BOOKSHARD_API_KEYS: each entry is ACCOUNT:SHA256 (64 hex digits), not '"
            + (parts.length == 2 ? parts[0] + ":<" + parts[1].length() + " characters>" : "<malformed>") + "'");
      }
      keys.put(parts[1], parts[0]);
    }
    boolean enabled = c.getBoolean("enabled");
    if (enabled && keys.isEmpty()) {
      throw new StartupFailure("API keys are on (BOOKSHARD_AUTH=on) but none is configured, so every request would"
          + " be refused: set BOOKSHARD_API_KEYS=account:sha256,... (sha256 = printf %s \"$KEY\" | sha256sum)");
    }
    return new AuthSettings(enabled, c.getBoolean("public-reads"), keys);
  }
}
