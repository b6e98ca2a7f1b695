package bookshard.feed;

import bookshard.book.BookEvent;
import bookshard.book.BookEvent.OrderAccepted;
import bookshard.book.BookEvent.OrderCancelled;
import bookshard.book.BookEvent.OrderReduced;
import bookshard.book.BookEvent.OrderReplaced;
import bookshard.book.BookEvent.OrderRested;
import bookshard.book.BookEvent.StopTriggered;
import bookshard.book.BookEvent.StopWaiting;
import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.EventBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks one account's events out of a book's event stream: its orders' acceptance, fills (as
 * maker or taker), resting, reductions, replacements, triggers and cancellations. Events name
 * their order's account, except a rest or a stop's wait, which follow the acceptance, replace
 * or trigger of the same order in the same command; so this keeps no copy of the book.
 *
 * <p>Rows written before events named their orders ({@link BookEvent#namesOrders}) give their
 * acceptances and trades only: their cancels, reduces, replaces and triggers name no account.
 */
final class AccountEvents {
  /** One of the account's events at its position in the book. */
  record Own(long position, BookEvent event) {}

  private final java.util.function.Predicate<String> owns;
  private final long afterPosition;
  /** The order the current command is about (accepted, replaced or triggered), and whether it is the account's. */
  private long incomingId;
  private boolean incomingOwn;

  /** Events at or before {@code afterPosition} are skipped; later ones are reported. */
  AccountEvents(String account, long afterPosition) {
    this(account::equals, afterPosition);
  }

  /** The events of every account {@code owns} accepts (a FIX gateway's accounts, say). */
  AccountEvents(java.util.function.Predicate<String> owns, long afterPosition) {
    this.owns = owns;
    this.afterPosition = afterPosition;
  }

  List<Own> apply(EventBatch batch) {
    List<Own> own = new ArrayList<>(0);
    long position = batch.firstPosition();
    for (BookEvent e : batch.events()) {
      if (concernsAccount(e) && position > afterPosition) {
        own.add(new Own(position, e));
      }
      position++;
    }
    return own;
  }

  private boolean concernsAccount(BookEvent e) {
    if (e instanceof OrderAccepted a) {
      return incoming(a.orderId(), a.account());
    } else if (e instanceof OrderReplaced r) {
      return incoming(r.orderId(), r.account());
    } else if (e instanceof StopTriggered t) {
      return incoming(t.orderId(), t.account());
    } else if (e instanceof TradeExecuted t) {
      return owns.test(t.makerAccount()) || owns.test(t.takerAccount());
    } else if (e instanceof OrderRested r) {
      return r.orderId() == incomingId && incomingOwn;
    } else if (e instanceof StopWaiting w) {
      return w.orderId() == incomingId && incomingOwn;
    } else if (e instanceof OrderCancelled c) {
      return owns.test(c.account());
    } else if (e instanceof OrderReduced r) {
      return owns.test(r.account());
    }
    return false;
  }

  private boolean incoming(long orderId, String owner) {
    incomingId = orderId;
    incomingOwn = owns.test(owner);
    return incomingOwn;
  }
}
