package bookshard.protocol;

/** What changes an account's balances; its journal. */
public sealed interface AccountEvent {
  String asset();

  long amount();

  String requestId();

  record Deposited(String asset, long amount, String requestId) implements AccountEvent {}

  record Withdrawn(String asset, long amount, String requestId) implements AccountEvent {}
}
