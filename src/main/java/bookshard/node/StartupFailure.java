package bookshard.node;

/** A node or tool cannot start for a reason its user can fix; the message says how, in one line. */
public final class StartupFailure extends RuntimeException {
  public StartupFailure(String message) {
    super(message);
  }
}
