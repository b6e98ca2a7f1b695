package bookshard.feed;

import bookshard.book.BookEvent;
import bookshard.book.BookEvent.OrderAccepted;
import bookshard.book.BookEvent.OrderCancelled;
import bookshard.book.BookEvent.OrderReduced;
import bookshard.book.BookEvent.OrderReplaced;
import bookshard.book.BookEvent.OrderRested;
import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.EventBatch;
import bookshard.book.OrderBook;
import bookshard.book.OrderView;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks one account's events out of a book's event stream: its orders' acceptance, fills (as
 * maker or taker), resting, reductions, replacements and cancellations. Events about an order
 * name only its id, so this follows the whole book (the order's account is that of the resting
 * order, or of the command's incoming order while it trades).
 */
final class AccountEvents {
  /** One of the account's events at its position in the book. */
  record Own(long position, BookEvent event) {}

  private final String account;
  private final OrderBook book;
  private final long afterPosition;
  private long incomingId;
  private String incomingAccount;

  /** Events at or before {@code afterPosition} only move the book; later ones are reported. */
  AccountEvents(String account, OrderBook book, long afterPosition) {
    this.account = account;
    this.book = book;
    this.afterPosition = afterPosition;
  }

  List<Own> apply(EventBatch batch) {
    List<Own> own = new ArrayList<>(0);
    long position = batch.firstPosition();
    for (BookEvent e : batch.events()) {
      if (position > afterPosition && concernsAccount(e)) {
        own.add(new Own(position, e));
      }
      track(e);
      book.apply(e);
      position++;
    }
    return own;
  }

  private void track(BookEvent e) {
    if (e instanceof OrderAccepted a) {
      incomingId = a.orderId();
      incomingAccount = a.account();
    } else if (e instanceof OrderReplaced r) {
      incomingId = r.orderId();
      incomingAccount = accountOf(r.orderId());
    } else if (e instanceof BookEvent.StopTriggered t) {
      incomingId = t.orderId();
      incomingAccount = accountOf(t.orderId());
    }
  }

  private boolean concernsAccount(BookEvent e) {
    if (e instanceof OrderAccepted a) {
      return a.account().equals(account);
    } else if (e instanceof TradeExecuted t) {
      return t.makerAccount().equals(account) || t.takerAccount().equals(account);
    } else if (e instanceof OrderRested r) {
      return account.equals(accountOf(r.orderId()));
    } else if (e instanceof OrderCancelled c) {
      return account.equals(accountOf(c.orderId()));
    } else if (e instanceof OrderReduced r) {
      return account.equals(accountOf(r.orderId()));
    } else if (e instanceof OrderReplaced r) {
      return account.equals(accountOf(r.orderId()));
    } else if (e instanceof BookEvent.StopWaiting w) {
      return account.equals(accountOf(w.orderId()));
    } else if (e instanceof BookEvent.StopTriggered t) {
      return account.equals(accountOf(t.orderId()));
    }
    return false;
  }

  private String accountOf(long orderId) {
    if (orderId == incomingId) {
      return incomingAccount;
    }
    OrderView resting = book.order(orderId);
    return resting == null ? null : resting.account();
  }
}
