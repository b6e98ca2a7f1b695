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
 */
public final class ApiKeys {
  private final boolean enabled;
  private final boolean publicReads;
  private final Map<String, String> accountBySha256 = new HashMap<>();

  public ApiKeys(AuthSettings settings) {
    this.enabled = settings.enabled();
    this.publicReads = settings.publicReads();
    settings.accountBySha256().forEach((sha256, account) ->
        accountBySha256.put(sha256.toLowerCase(), Requests.account(account)));
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
