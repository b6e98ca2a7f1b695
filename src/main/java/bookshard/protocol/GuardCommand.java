package bookshard.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/** Messages an account's dead-man's switch accepts (one sharded entity per account). */
public sealed interface GuardCommand {
  /**
   * Cancel all of the account's orders in every configured book if not armed again within
   * {@code timeoutMillis}; 0 disarms. Each call replaces the previous deadline.
   */
  record Arm(String account, long timeoutMillis, ActorRef<GuardReply> replyTo) implements GuardCommand {}
}
