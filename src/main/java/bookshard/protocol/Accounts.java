package bookshard.protocol;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/** Accounts' ledgers, wherever in the cluster they live. */
public interface Accounts {
  CompletionStage<AccountReply> ask(String account, Function<ActorRef<AccountReply>, AccountCommand> command);
}
