package bookshard.fix;

import java.util.List;

/**
 * The FIX gateway of a node: its port and SenderCompID, and each counterparty session with the
 * accounts it may trade for (an account belongs to one session). {@code persistMessages}: sent
 * messages are kept for resend requests; off answers them with a gap fill.
 */
public record FixSettings(boolean enabled, int port, String senderCompId, List<Session> sessions,
    boolean persistMessages) {

  public record Session(String targetCompId, List<String> accounts) {}

  public FixSettings {
    sessions = List.copyOf(sessions);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Session s : sessions) {
      if (s.accounts().isEmpty()) {
        throw new IllegalArgumentException("FIX session " + s.targetCompId() + " has no accounts");
      }
      for (String a : s.accounts()) {
        if (!seen.add(a)) {
          throw new IllegalArgumentException("account " + a + " is in two FIX sessions; each account has one");
        }
      }
    }
  }
}
