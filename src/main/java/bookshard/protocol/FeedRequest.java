package bookshard.protocol;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.stream.SourceRef;

/**
 * A stream asked of any engine node by a member that has no journal (a client): the node runs
 * the stream from its journal and answers with a {@link SourceRef} of its elements, each
 * FlatBuffers-encoded ({@code bookshard.codec.FeedCodec} says how each stream's are).
 * {@code after} is the resume position ({@link #FROM_NOW}: none): a match id for trades, an
 * event position for an account's orders; depth always starts with a snapshot.
 */
public record FeedRequest(Stream stream, String symbol, String account, long after,
    ActorRef<SourceRef<byte[]>> replyTo) {
  public static final long FROM_NOW = -1;

  /** Engine nodes register their feed under this key with the receptionist. */
  public static final ServiceKey<FeedRequest> SERVICE = ServiceKey.create(FeedRequest.class, "bookshard-feed");

  public enum Stream { TRADES, DEPTH, ORDERS }
}
