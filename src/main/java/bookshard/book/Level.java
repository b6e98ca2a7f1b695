package bookshard.book;

/** One price level: a FIFO queue of orders as an intrusive doubly linked list. */
final class Level {
  long priceTicks;
  long totalLots;
  int orderCount;
  Order head;
  Order tail;
  Level nextFree;

  Level(long priceTicks) {
    this.priceTicks = priceTicks;
  }

  void append(Order o) {
    o.level = this;
    o.prev = tail;
    o.next = null;
    if (tail == null) {
      head = o;
    } else {
      tail.next = o;
    }
    tail = o;
    totalLots += o.remainingLots;
    orderCount++;
  }

  void unlink(Order o) {
    if (o.prev == null) {
      head = o.next;
    } else {
      o.prev.next = o.next;
    }
    if (o.next == null) {
      tail = o.prev;
    } else {
      o.next.prev = o.prev;
    }
    totalLots -= o.remainingLots;
    orderCount--;
    o.level = null;
    o.prev = null;
    o.next = null;
  }

  boolean isEmpty() {
    return orderCount == 0;
  }
}
