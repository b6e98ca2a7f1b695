package bookshard.http;

import java.util.Map;

/**
 * API keys ({@code bookshard.auth}): only the SHA-256 (hex) of each key, with the account it
 * acts for. With {@code publicReads} book depth and trades need no key. The keys of
 * {@code adminAccounts} may also deposit, withdraw and read any account's balances.
 */
public record AuthSettings(boolean enabled, boolean publicReads, Map<String, String> accountBySha256,
    java.util.Set<String> adminAccounts) {}
