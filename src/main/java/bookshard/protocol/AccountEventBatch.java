package bookshard.protocol;

import java.util.List;

/**
 * The events of one ledger write, in order: one journal row for a whole batch of commands (a row
 * per event cost the ledger one insert per hold, leg, fee and release). A row of a single event,
 * as the first ledgers wrote, reads as a batch of one.
 */
public record AccountEventBatch(List<AccountEvent> events) {}
