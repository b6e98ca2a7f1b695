package bookshard.book;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Follows a book event by event and reports which aggregated (L2) levels changed: the market
 * data a depth feed publishes. Only levels whose quantity or order count differs from what was
 * last reported are reported; a level that emptied is reported with quantity 0.
 */
public final class DepthTracker {
  /** A level's new state; {@code quantityLots == 0} means the level is gone. */
  public record LevelChange(Side side, long priceTicks, long quantityLots, int orderCount) {}

  private record Key(Side side, long priceTicks) {}

  private final DepthBook book;
  /** Touched levels and their state when last reported, in first-touched order. */
  private final Map<Key, LevelView> touched = new LinkedHashMap<>();

  public DepthTracker(DepthBook book) {
    this.book = book;
  }

  public DepthBook book() {
    return book;
  }

  public void apply(BookEvent event) {
    book.apply(event, this::touch);
  }

  /** A level about to change: its state now is what it was when last reported, if not touched since. */
  private void touch(Side side, long priceTicks) {
    Key key = new Key(side, priceTicks);
    if (!touched.containsKey(key)) {
      touched.put(key, book.level(side, priceTicks));
    }
  }

  /** The levels that changed since the last call, in the order they were first touched. */
  public List<LevelChange> drainChanges() {
    List<LevelChange> out = new ArrayList<>(touched.size());
    for (var e : touched.entrySet()) {
      Key k = e.getKey();
      LevelView before = e.getValue();
      LevelView now = book.level(k.side(), k.priceTicks());
      if (!Objects.equals(before, now)) {
        out.add(now == null ? new LevelChange(k.side(), k.priceTicks(), 0, 0)
            : new LevelChange(k.side(), k.priceTicks(), now.quantityLots(), now.orderCount()));
      }
    }
    touched.clear();
    return out;
  }
}
