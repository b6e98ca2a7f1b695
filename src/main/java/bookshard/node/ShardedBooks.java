package bookshard.node;

import bookshard.entity.BookCommand;
import bookshard.entity.BookGateway;
import bookshard.entity.BookReply;
import bookshard.http.Books;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** Books reached through Cluster Sharding: entity id = symbol. */
final class ShardedBooks implements Books {
  private final ClusterSharding sharding;
  private final Set<String> symbols;
  private final Pattern pattern;
  private final Duration timeout;

  ShardedBooks(ClusterSharding sharding, Config config) {
    this.sharding = sharding;
    this.symbols = Set.copyOf(config.getStringList("bookshard.instruments.symbols"));
    String p = config.getString("bookshard.instruments.pattern");
    this.pattern = p.isEmpty() ? null : Pattern.compile(p);
    this.timeout = config.getDuration("bookshard.http.ask-timeout");
  }

  @Override
  public boolean exists(String symbol) {
    return symbols.contains(symbol) || (pattern != null && pattern.matcher(symbol).matches());
  }

  @Override
  public CompletionStage<BookReply> ask(String symbol, Function<ActorRef<BookReply>, BookCommand> command) {
    return sharding.entityRefFor(BookGateway.TYPE_KEY, symbol).ask(command::apply, timeout);
  }
}
