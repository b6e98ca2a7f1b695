package bookshard.http;

import bookshard.entity.BookCommand;
import bookshard.entity.BookReply;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/** Where the routes send commands: the book of a symbol, wherever in the cluster it lives. */
public interface Books {
  boolean exists(String symbol);

  /** The configured symbols, in configuration order (pattern-matched ones are not listed). */
  java.util.List<String> symbols();

  CompletionStage<BookReply> ask(String symbol, Function<ActorRef<BookReply>, BookCommand> command);
}
