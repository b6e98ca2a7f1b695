package bookshard.http;

import java.time.Duration;
import java.util.Map;

/**
 * API keys ({@code bookshard.auth}): only the SHA-256 (hex) of each key, with the account it
 * acts for. With {@code publicReads} book depth and trades need no key. The keys of
 * {@code adminAccounts} may also deposit, withdraw and read any account's balances.
 * {@code signingKeys}: HMAC keys by id, for signed requests within {@code signatureWindow} of
 * the node's clock.
 */
public record AuthSettings(boolean enabled, boolean publicReads, Map<String, String> accountBySha256,
    java.util.Set<String> adminAccounts, Map<String, SigningKey> signingKeys, Duration signatureWindow) {

  public AuthSettings(boolean enabled, boolean publicReads, Map<String, String> accountBySha256,
      java.util.Set<String> adminAccounts) {
    this(enabled, publicReads, accountBySha256, adminAccounts, Map.of(), Duration.ofSeconds(30));
  }

  /** An HMAC-SHA256 key and the account it acts for. */
  public record SigningKey(String account, String secret) {
    @Override
    public String toString() {
      return "SigningKey[account=" + account + ", secret=<" + secret.length() + " characters>]";
    }
  }
}
