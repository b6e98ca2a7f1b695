package bookshard.http;

import java.util.Map;

/**
 * API keys ({@code bookshard.auth}): only the SHA-256 (hex) of each key, with the account it
 * acts for. With {@code publicReads} book depth and trades need no key.
 */
public record AuthSettings(boolean enabled, boolean publicReads, Map<String, String> accountBySha256) {}
