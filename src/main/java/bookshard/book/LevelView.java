package bookshard.book;

/** One aggregated price level (L2). */
public record LevelView(long priceTicks, long quantityLots, int orderCount) {}
