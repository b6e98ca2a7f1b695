package bookshard.protocol;

import bookshard.book.NewOrder;
import bookshard.book.InstrumentSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

  /** What a symbol's trades move between accounts: its assets, their scales, and its fees. */
  AssetTerms terms(String symbol);

  /**
   * A change to the book of {@code symbol} (a cancel, an amend, a mass cancel; an order goes
   * through {@link #place}), and the book's answer. The adapter adds the reply address.
   */
  CompletionStage<BookReply> ask(String symbol, Function<ActorRef<BookReply>, BookCommand> command);

  /**
   * A read of the book of {@code symbol} ({@link BookCommand#isRead}): it changes nothing, so a
   * book never written to may answer as an empty one without being started.
   */
  default CompletionStage<BookReply> read(String symbol, Function<ActorRef<BookReply>, BookCommand> query) {
    return ask(symbol, query);
  }

  /** An order for the book of {@code symbol}; with accounts on, placed after its hold. */
  default CompletionStage<BookReply> place(String symbol, NewOrder order) {
    return ask(symbol, r -> new BookCommand.Place(order, r));
  }

  /** A mass cancel of {@code account} in every configured book at once: each book's answer, by symbol. */
  default Map<String, CompletableFuture<BookReply>> cancelAllEverywhere(String account) {
    Map<String, CompletableFuture<BookReply>> answers = new LinkedHashMap<>();
    for (String symbol : symbols()) {
      answers.put(symbol, ask(symbol, r -> new BookCommand.CancelAll(account, r)).toCompletableFuture());
    }
    return answers;
  }
}
