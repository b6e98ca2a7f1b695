package bookshard.protocol;

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

  CompletionStage<BookReply> ask(String symbol, Function<ActorRef<BookReply>, BookCommand> command);

  /** A mass cancel of {@code account} in every configured book at once: each book's answer, by symbol. */
  default Map<String, CompletableFuture<BookReply>> cancelAllEverywhere(String account) {
    Map<String, CompletableFuture<BookReply>> answers = new LinkedHashMap<>();
    for (String symbol : symbols()) {
      answers.put(symbol, ask(symbol, r -> new BookCommand.CancelAll(account, r)).toCompletableFuture());
    }
    return answers;
  }
}
