package bookshard.account;

/** How far a book's settlement got: every row up to {@code sequenceNr} is settled. Its event and its snapshot. */
public record SettlementProgress(long sequenceNr) {}
