package bookshard.node;

import bookshard.book.InstrumentSpec;
import bookshard.entity.BookSettings;
import bookshard.entity.SnapshotPolicy;
import bookshard.feed.FeedSettings;
import bookshard.http.AuthSettings;
import bookshard.http.HttpSettings;
import bookshard.protocol.AssetTerms;
import java.util.function.Function;
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
    boolean createSchema,
    bookshard.kafka.KafkaSettings kafka,
    bookshard.fix.FixSettings fix) {

  /**
   * Symbols with a book (the configured ones, and any matching {@code pattern}; null: none), their
   * trading rules and asset terms: each symbol's own, else the defaults.
   */
  public record Instruments(List<String> symbols, Pattern pattern, InstrumentSpec defaults,
      Map<String, InstrumentSpec> rules, Function<String, AssetTerms> terms) {
    public boolean exists(String symbol) {
      return symbols.contains(symbol) || (pattern != null && pattern.matcher(symbol).matches());
    }

    public InstrumentSpec spec(String symbol) {
      InstrumentSpec own = rules.get(symbol);
      return own != null ? own : defaults.forSymbol(symbol);
    }
  }

  /** {@code config} as {@link NodeConfig#load} returns it. */
  public static NodeSettings from(Config config) {
    Config b = config.getConfig("bookshard");
    Instruments instruments = instruments(b.getConfig("instruments"));
    for (String symbol : instruments.symbols()) {
      instruments.terms().apply(symbol);
    }
    return new NodeSettings(http(b), auth(b.getConfig("auth")), book(b.getConfig("book")).withInstruments(instruments::spec),
        new FeedSettings(b.getInt("feed.reader-buffer"), b.getDuration("feed.keep-alive"),
            b.getDuration("feed.backstop-poll"), b.getDuration("feed.depth-idle")),
        instruments, journal(config), b.getBoolean("create-schema"), kafka(b.getConfig("kafka")), fix(b.getConfig("fix")));
  }

  private static bookshard.fix.FixSettings fix(Config f) {
    List<bookshard.fix.FixSettings.Session> sessions = f.getConfigList("sessions").stream()
        .map(s -> new bookshard.fix.FixSettings.Session(s.getString("target-comp-id"), s.getStringList("accounts")))
        .toList();
    try {
      return new bookshard.fix.FixSettings(f.getBoolean("enabled"), f.getInt("port"), f.getString("sender-comp-id"),
          sessions, f.getBoolean("persist-messages"));
    } catch (IllegalArgumentException e) {
      throw new StartupFailure("bookshard.fix.sessions: " + e.getMessage());
    }
  }

  private static bookshard.kafka.KafkaSettings kafka(Config k) {
    String format = k.getString("format");
    if (!format.equals("flatbuffers") && !format.equals("json")) {
      throw new StartupFailure("bookshard.kafka.format (BOOKSHARD_KAFKA_FORMAT) is flatbuffers or json, not '" + format + "'");
    }
    return new bookshard.kafka.KafkaSettings(k.getString("bootstrap-servers"), format.equals("json"),
        k.getString("topics.trades"), k.getString("topics.depth"), k.getString("topics.executions"),
        k.getString("topics.offsets"), k.getInt("partitions"), k.getInt("max-rows-per-transaction"));
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
        c.getDuration("request-header-timeout"), tls(c.getConfig("tls")));
  }

  private static HttpSettings.Tls tls(Config t) {
    String keystore = t.getString("keystore");
    if (keystore.isEmpty()) {
      return null;
    }
    java.nio.file.Path path = java.nio.file.Path.of(keystore);
    if (!java.nio.file.Files.isReadable(path)) {
      throw new StartupFailure("bookshard.http.tls.keystore (BOOKSHARD_TLS_KEYSTORE): cannot read " + path.toAbsolutePath());
    }
    return new HttpSettings.Tls(path, t.getString("password").toCharArray());
  }

  private static BookSettings book(Config c) {
    int every = c.getInt("snapshot-every");
    SnapshotPolicy snapshots = new SnapshotPolicy(every, c.getDouble("snapshot-ratio"),
        Math.max(every, c.getInt("snapshot-max-events")), c.getInt("keep-snapshots"));
    return new BookSettings(snapshots, c.getInt("recent-trades"), c.getInt("max-batch"), c.getInt("max-queued-commands"),
        c.getDuration("batch-timeout"), System::currentTimeMillis, "").withMaxQueueWait(c.getDuration("max-queue-wait"));
  }

  private static Instruments instruments(Config c) {
    String p = c.getString("pattern");
    List<String> symbols = List.copyOf(c.getStringList("symbols"));
    Pattern pattern = p.isEmpty() ? null : Pattern.compile(p);
    Config defaults = c.getConfig("rules-default");
    InstrumentSpec base = spec("rules-default", defaults);
    Map<String, InstrumentSpec> rules = new LinkedHashMap<>();
    Config perSymbol = c.getConfig("rules");
    for (String symbol : perSymbol.root().keySet()) {
      Instruments known = new Instruments(symbols, pattern, base, Map.of(), AssetTerms::of);
      if (!known.exists(symbol)) {
        throw new StartupFailure("bookshard.instruments.rules names " + symbol
            + ", which is neither in instruments.symbols nor matches instruments.pattern");
      }
      rules.put(symbol, spec(symbol, perSymbol.getConfig(com.typesafe.config.ConfigUtil.joinPath(symbol))
          .withFallback(defaults)));
    }
    Map<String, AssetTerms> ownTerms = new java.util.concurrent.ConcurrentHashMap<>();
    Function<String, AssetTerms> terms = symbol -> ownTerms.computeIfAbsent(symbol, x -> terms(x,
        perSymbol.hasPath(com.typesafe.config.ConfigUtil.joinPath(x))
            ? perSymbol.getConfig(com.typesafe.config.ConfigUtil.joinPath(x)).withFallback(defaults) : defaults));
    return new Instruments(symbols, pattern, base, Map.copyOf(rules), terms);
  }

  /** Empty asset names: the symbol's halves (BTC-USD: BTC and USD). */
  private static AssetTerms terms(String symbol, Config r) {
    AssetTerms named = AssetTerms.of(symbol);
    try {
      return new AssetTerms(r.getString("base-asset").isEmpty() ? named.base() : r.getString("base-asset"),
          r.getString("quote-asset").isEmpty() ? named.quote() : r.getString("quote-asset"),
          r.getLong("base-per-lot"), r.getLong("quote-per-tick-lot"), r.getLong("maker-fee-bps"),
          r.getLong("taker-fee-bps"));
    } catch (IllegalArgumentException e) {
      throw new StartupFailure("bookshard.instruments (" + symbol + "): " + e.getMessage());
    }
  }

  private static InstrumentSpec spec(String symbol, Config r) {
    try {
      return new InstrumentSpec(symbol, r.getLong("tick-size"), r.getLong("lot-size"), r.getLong("min-quantity"),
          r.getLong("max-quantity"), r.getLong("min-notional"), r.getLong("price-band-bps"));
    } catch (IllegalArgumentException e) {
      throw new StartupFailure("bookshard.instruments: " + e.getMessage());
    }
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
    Map<String, AuthSettings.SigningKey> signing = new LinkedHashMap<>();
    for (Config k : c.getConfigList("signing-keys")) {
      signing.put(k.getString("id"), new AuthSettings.SigningKey(k.getString("account"), k.getString("secret")));
    }
    for (String entry : c.getString("signing-keys-list").split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.trim().split(":", 3);
      if (parts.length != 3 || parts[2].length() < 16) {
        throw new StartupFailure("BOOKSHARD_SIGNING_KEYS: each entry is ID:ACCOUNT:SECRET with a secret of at least 16"
            + " characters, not '" + (parts.length > 0 ? parts[0] : "") + ":<malformed>'");
      }
      signing.put(parts[0], new AuthSettings.SigningKey(parts[1], parts[2]));
    }
    boolean enabled = c.getBoolean("enabled");
    if (enabled && keys.isEmpty() && signing.isEmpty()) {
      throw new StartupFailure("API keys are on (BOOKSHARD_AUTH=on) but none is configured, so every request would"
          + " be refused: set BOOKSHARD_API_KEYS=account:sha256,... (sha256 = printf %s \"$KEY\" | sha256sum)");
    }
    return new AuthSettings(enabled, c.getBoolean("public-reads"), keys,
        java.util.Set.copyOf(java.util.Arrays.stream(c.getString("admin-accounts").split(","))
            .map(String::trim).filter(a -> !a.isEmpty()).toList()), signing, c.getDuration("signature-window"));
  }
}
