package bookshard.protocol;

/**
 * What a dead-man's switch journals. Firing is two events: {@link Fired} before the mass cancels
 * go out and {@link CancelsDelivered} once every book answered, so a switch that fired on a node
 * that then died sends them again after recovery (a mass cancel twice cancels nothing twice).
 */
public sealed interface GuardEvent {
  record Armed(long deadlineMillis) implements GuardEvent {}

  record Disarmed() implements GuardEvent {}

  record Fired(long deadlineMillis) implements GuardEvent {}

  record CancelsDelivered(long deadlineMillis) implements GuardEvent {}
}
