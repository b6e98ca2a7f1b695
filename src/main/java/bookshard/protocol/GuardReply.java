package bookshard.protocol;

/** The switch after a call: {@code deadlineMillis} 0 means disarmed. Times are the guard node's clock. */
public record GuardReply(String account, long deadlineMillis, long currentTimeMillis) {}
