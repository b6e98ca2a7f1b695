package bookshard.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * API keys from {@code bookshard.auth.keys}: only the SHA-256 of each key is configured, so the
 * configuration (and anything that prints it) never holds a usable key. Each key acts for one
 * account.
 *
 * <p>Or a signed request, where the key never travels: {@code X-API-Key-Id}, {@code
 * X-API-Timestamp} (milliseconds since the epoch) and {@code X-API-Signature}, the hex
 * HMAC-SHA256 under the key's secret of {@code timestamp \n METHOD \n path?query \n body}. It
 * is refused outside the window around the node's clock, and a signature seen within the window
 * is refused again (a replay).
 */
public final class ApiKeys {
  public static final String KEY = "X-API-Key";
  public static final String KEY_ID = "X-API-Key-Id";
  public static final String TIMESTAMP = "X-API-Timestamp";
  public static final String SIGNATURE = "X-API-Signature";

  private final boolean enabled;
  private final boolean publicReads;
  private final Map<String, String> accountBySha256 = new HashMap<>();
  private final Map<String, AuthSettings.SigningKey> signingKeys;
  private final long windowMillis;
  /** Signatures accepted within the window, by when they were seen: a second use is a replay. */
  private final java.util.concurrent.ConcurrentHashMap<String, Long> seen = new java.util.concurrent.ConcurrentHashMap<>();

  public ApiKeys(AuthSettings settings) {
    this.enabled = settings.enabled();
    this.publicReads = settings.publicReads();
    settings.accountBySha256().forEach((sha256, account) ->
        accountBySha256.put(sha256.toLowerCase(), Requests.account(account)));
    this.signingKeys = Map.copyOf(settings.signingKeys());
    this.windowMillis = settings.signatureWindow().toMillis();
  }

  /**
   * The account of a signed request; 401 naming the header at fault when its key id is unknown,
   * its timestamp is missing or outside the window, its signature does not match, or it was used
   * already.
   */
  public String signedBy(String keyId, String timestamp, String signature, String method, String target, String body,
      long nowMillis) {
    AuthSettings.SigningKey key = keyId == null ? null : signingKeys.get(keyId);
    if (key == null) {
      throw new ApiError(401, "UNAUTHENTICATED", KEY_ID, keyId == null ? "a signed request names its key in " + KEY_ID
          : "unknown signing key id");
    }
    long at;
    try {
      at = Long.parseLong(timestamp == null ? "" : timestamp.trim());
    } catch (NumberFormatException e) {
      throw new ApiError(401, "UNAUTHENTICATED", TIMESTAMP, "milliseconds since the epoch, as signed");
    }
    if (Math.abs(nowMillis - at) > windowMillis) {
      throw new ApiError(401, "STALE_REQUEST", TIMESTAMP, "more than " + windowMillis + " ms from the server's clock ("
          + nowMillis + ")");
    }
    String expected = hmac(key.secret(), at + "\n" + method + "\n" + target + "\n" + (body == null ? "" : body));
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        signature.trim().toLowerCase().getBytes(StandardCharsets.US_ASCII))) {
      throw new ApiError(401, "UNAUTHENTICATED", SIGNATURE,
          "does not match: hex HMAC-SHA256 of timestamp, method, path?query and body, each line ended by \\n but the body");
    }
    if (seen.putIfAbsent(expected, nowMillis) != null) {
      throw new ApiError(401, "REPLAYED_REQUEST", SIGNATURE, "this signed request was received already");
    }
    if (seen.size() > 1024 && (nowMillis & 63) == 0) {
      seen.values().removeIf(t -> nowMillis - t > 2 * windowMillis);
    }
    return key.account();
  }

  /** Hex HMAC-SHA256 of {@code text} under {@code secret}: what a client sends as its signature. */
  public static String hmac(String secret, String text) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean enabled() {
    return enabled;
  }

  public boolean publicReads() {
    return !enabled || publicReads;
  }

  public Optional<String> account(String presentedKey) {
    return Optional.ofNullable(accountBySha256.get(sha256(presentedKey)));
  }

  public static String sha256(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
