package bookshard.entity;

/**
 * When a book's snapshotter writes a snapshot. A snapshot costs in proportion to the state it
 * holds (resting orders, remembered client order ids, recent trades), so snapshots are spaced by
 * that size: at least {@code ratio} events per entry of the last snapshot (and at least
 * {@code minEvents}), which keeps the snapshot work per event constant however large the book.
 * {@code maxEvents} bounds the spacing, and with it the events a recovery replays.
 */
public record SnapshotPolicy(int minEvents, double ratio, int maxEvents, int keep) {
  public SnapshotPolicy {
    if (minEvents < 1 || maxEvents < minEvents || ratio < 0 || keep < 1) {
      throw new IllegalArgumentException("snapshot policy " + minEvents + "/" + ratio + "/" + maxEvents + "/" + keep);
    }
  }

  /** Events between snapshots when the last one held {@code entries}. */
  public long spacing(long entries) {
    return Math.min(maxEvents, Math.max(minEvents, (long) Math.ceil(ratio * entries)));
  }

  public boolean due(long eventsSinceLast, long entriesInLast) {
    return eventsSinceLast >= spacing(entriesInLast);
  }
}
