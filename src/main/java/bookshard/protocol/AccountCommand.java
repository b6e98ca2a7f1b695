package bookshard.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/** The message an account's ledger accepts: a request and where its single reply goes. */
public record AccountCommand(AccountRequest request, ActorRef<AccountReply> replyTo) {}
