package bookshard.book;

import bookshard.book.BookEvent.TradeExecuted;
import java.util.ArrayList;
import java.util.List;

/**
 * The last N trades of a book, oldest first. Match ids are gapless, so the trade after a given
 * match id is found by arithmetic rather than search.
 */
public final class RecentTrades {
  private final TradeExecuted[] ring;
  private int start;
  private int size;

  public RecentTrades(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    ring = new TradeExecuted[capacity];
  }

  public void add(TradeExecuted t) {
    if (size > 0 && t.matchId() != newestMatchId() + 1) {
      throw new IllegalStateException("trade " + t.matchId() + " after " + newestMatchId());
    }
    if (size < ring.length) {
      ring[(start + size++) % ring.length] = t;
    } else {
      ring[start] = t;
      start = (start + 1) % ring.length;
    }
  }

  public int size() {
    return size;
  }

  private TradeExecuted at(int i) {
    return ring[(start + i) % ring.length];
  }

  /** Match id of the oldest trade held, or 0 when empty. */
  public long oldestMatchId() {
    return size == 0 ? 0 : at(0).matchId();
  }

  /** The price of the newest trade held, or 0 when there is none. */
  public long newestPriceTicks() {
    return size == 0 ? 0 : at(size - 1).priceTicks();
  }

  public long newestMatchId() {
    return size == 0 ? 0 : at(size - 1).matchId();
  }

  /** Up to {@code limit} trades with matchId greater than {@code afterMatchId}, oldest first. */
  public List<TradeExecuted> after(long afterMatchId, int limit) {
    List<TradeExecuted> out = new ArrayList<>();
    if (size == 0) {
      return out;
    }
    long first = Math.max(afterMatchId + 1, oldestMatchId());
    for (long id = first; id <= newestMatchId() && out.size() < limit; id++) {
      out.add(at((int) (id - oldestMatchId())));
    }
    return out;
  }

  public List<TradeExecuted> all() {
    return after(0, size);
  }
}
