package bookshard.protocol;

/**
 * A dead-man's switch: its deadline (0: disarmed), and a fired deadline whose mass cancels have
 * not all been delivered (0: none). The only place its events change it is {@link #apply}.
 */
public record GuardState(long deadlineMillis, long firedDeadlineMillis) {
  public static final GuardState DISARMED = new GuardState(0, 0);

  public GuardState apply(GuardEvent e) {
    if (e instanceof GuardEvent.Armed a) {
      return new GuardState(a.deadlineMillis(), firedDeadlineMillis);
    } else if (e instanceof GuardEvent.Disarmed) {
      return new GuardState(0, firedDeadlineMillis);
    } else if (e instanceof GuardEvent.Fired f) {
      return new GuardState(0, f.deadlineMillis());
    } else if (e instanceof GuardEvent.CancelsDelivered d) {
      return new GuardState(deadlineMillis, firedDeadlineMillis == d.deadlineMillis() ? 0 : firedDeadlineMillis);
    }
    throw new IllegalArgumentException("unknown guard event " + e);
  }
}
