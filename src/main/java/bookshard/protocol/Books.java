package bookshard.protocol;

import bookshard.book.NewOrder;
import bookshard.book.InstrumentSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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
   * A change to the book of {@code symbol} (an order, a cancel, an amend, a mass cancel), and
   * the book's answer. With accounts on, an order is placed after its hold.
   */
  CompletionStage<BookReply> send(String symbol, BookRequest.Write request);

  /**
   * A read of the book of {@code symbol}: it changes nothing, so a book never written to may
   * answer as an empty one without being started.
   */
  CompletionStage<BookReply> read(String symbol, BookRequest.Read query);

  /** An order for the book of {@code symbol}. */
  default CompletionStage<BookReply> place(String symbol, NewOrder order) {
    return send(symbol, new BookRequest.Place(order));
  }

  /** A mass cancel of {@code account} in every configured book at once: each book's answer, by symbol. */
  default Map<String, CompletableFuture<BookReply>> cancelAllEverywhere(String account) {
    Map<String, CompletableFuture<BookReply>> answers = new LinkedHashMap<>();
    for (String symbol : symbols()) {
      answers.put(symbol, send(symbol, new BookRequest.CancelAll(account)).toCompletableFuture());
    }
    return answers;
  }
}
