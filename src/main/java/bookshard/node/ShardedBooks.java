package bookshard.node;

import bookshard.entity.BookCommand;
import bookshard.entity.BookGateway;
import bookshard.entity.BookReply;
import bookshard.http.Books;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** Books reached through Cluster Sharding: entity id = symbol. */
final class ShardedBooks implements Books {
  private final ClusterSharding sharding;
  private final List<String> symbols;
  private final Pattern pattern;
  private final Duration timeout;

  ShardedBooks(ClusterSharding sharding, Config config) {
    this.sharding = sharding;
    this.symbols = List.copyOf(config.getStringList("bookshard.instruments.symbols"));
    String p = config.getString("bookshard.instruments.pattern");
    this.pattern = p.isEmpty() ? null : Pattern.compile(p);
    this.timeout = config.getDuration("bookshard.http.ask-timeout");
  }

  @Override
  public List<String> symbols() {
    return symbols;
  }

  @Override
  public boolean exists(String symbol) {
    return symbols.contains(symbol) || (pattern != null && pattern.matcher(symbol).matches());
  }

  /**
   * The stage Pekko returns is a Scala future seen as a CompletableFuture, which runs even plain
   * {@code thenApply} callbacks asynchronously on the default executor; on a 2-core machine that
   * executor starts a new thread per callback. Completing a plain CompletableFuture on the
   * completing thread instead keeps callbacks cheap and synchronous, as callers expect.
   */
  @Override
  public CompletionStage<BookReply> ask(String symbol, Function<ActorRef<BookReply>, BookCommand> command) {
    CompletableFuture<BookReply> reply = new CompletableFuture<>();
    sharding.entityRefFor(BookGateway.TYPE_KEY, symbol).ask(command::apply, timeout)
        .whenCompleteAsync((r, e) -> {
          if (e != null) {
            reply.completeExceptionally(e);
          } else {
            reply.complete(r);
          }
        }, Runnable::run);
    return reply;
  }
}
