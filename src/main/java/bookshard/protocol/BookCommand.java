package bookshard.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/** The message a book entity accepts: a request and where its single reply goes. */
public record BookCommand(BookRequest request, ActorRef<BookReply> replyTo) {
  /** Reads change nothing and write nothing. */
  public boolean isRead() {
    return request instanceof BookRequest.Read;
  }
}
