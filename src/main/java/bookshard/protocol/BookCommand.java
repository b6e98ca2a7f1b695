package bookshard.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * The message a book entity accepts: a request and where its single reply goes. A request that
 * came in a {@link BookRequest.Batch} carries its item's {@code batchItemId} (0 otherwise): its
 * reply goes back inside a {@link BookReply.Replies} under that id, with others answered at
 * the same time.
 */
public record BookCommand(BookRequest request, ActorRef<BookReply> replyTo, long batchItemId) {
  public BookCommand(BookRequest request, ActorRef<BookReply> replyTo) {
    this(request, replyTo, 0);
  }

  /** Reads change nothing and write nothing. */
  public boolean isRead() {
    return request instanceof BookRequest.Read;
  }

  /** The commands a batch holds, each to be answered under its id; null if this is not a batch. */
  public java.util.List<BookCommand> unbatched() {
    if (!(request instanceof BookRequest.Batch batch)) {
      return null;
    }
    java.util.List<BookCommand> out = new java.util.ArrayList<>(batch.items().size());
    for (BookRequest.Batch.Item item : batch.items()) {
      out.add(new BookCommand(item.request(), replyTo, item.id()));
    }
    return out;
  }

  /** Sends {@code reply} where this command's answer goes (inside a {@link BookReply.Replies} for a batch's item). */
  public void answer(BookReply reply) {
    replyTo.tell(batchItemId == 0 ? reply : new BookReply.Replies(java.util.List.of(new BookReply.Replies.Item(batchItemId, reply))));
  }

  /**
   * Answers each command with its reply, in order; the replies to items of batches that go to one
   * address travel together, as one {@link BookReply.Replies}.
   */
  public static void answerAll(java.util.List<BookCommand> commands, java.util.List<BookReply> replies) {
    java.util.Map<ActorRef<BookReply>, java.util.List<BookReply.Replies.Item>> together = null;
    for (int i = 0; i < replies.size(); i++) {
      BookCommand c = commands.get(i);
      if (c.batchItemId == 0) {
        c.replyTo.tell(replies.get(i));
        continue;
      }
      if (together == null) {
        together = new java.util.LinkedHashMap<>();
      }
      together.computeIfAbsent(c.replyTo, r -> new java.util.ArrayList<>()).add(new BookReply.Replies.Item(c.batchItemId, replies.get(i)));
    }
    if (together != null) {
      together.forEach((to, items) -> to.tell(new BookReply.Replies(items)));
    }
  }
}
