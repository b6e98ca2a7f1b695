package bookshard.protocol;

import bookshard.book.InstrumentSpec;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/** The book of a symbol, wherever in the cluster it lives. */
public interface Books {
  /** A symbol that may have a book: configured, or matching the configured pattern. */
  boolean exists(String symbol);

  /** The configured symbols, in configuration order (pattern-matched ones are not listed). */
  List<String> symbols();

  /** The trading rules of a symbol that may have a book. */
  InstrumentSpec spec(String symbol);

  CompletionStage<BookReply> ask(String symbol, Function<ActorRef<BookReply>, BookCommand> command);
}
