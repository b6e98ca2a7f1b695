package bookshard.entity;

import bookshard.book.BookEvent;
import bookshard.book.BookState;
import bookshard.book.EventBuffer;
import bookshard.book.InstrumentSpec;
import bookshard.book.Limits;
import bookshard.book.NewOrder;
import bookshard.book.OrderType;
import bookshard.book.OrderView;
import bookshard.book.Outcome;
import bookshard.book.RejectReason;
import bookshard.book.Side;
import bookshard.protocol.BookReply;
import bookshard.protocol.BookRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One command against the book: decide its events, apply them to the state, and compute the
 * reply the caller will get once the events are durable. No Pekko here: the persistent book
 * calls this for every command of a batch and holds the replies back until the write succeeds.
 */
public final class CommandProcessor {
  private final LongSupplier clockMillis;
  private final String nodeAddress;
  private long lastTimestampMillis;
  private final EventBuffer decided = new EventBuffer();
  private final InstrumentSpec spec;
  private final boolean fundedAmendsOnly;

  /** {@code fundedAmendsOnly}: refuse an amend that raises what the order can cost (accounts hold for it). */
  public CommandProcessor(LongSupplier clockMillis, String nodeAddress, InstrumentSpec spec, boolean fundedAmendsOnly) {
    this.clockMillis = clockMillis;
    this.nodeAddress = nodeAddress;
    this.spec = spec;
    this.fundedAmendsOnly = fundedAmendsOnly;
  }

  public CommandProcessor(LongSupplier clockMillis, String nodeAddress, InstrumentSpec spec) {
    this(clockMillis, nodeAddress, spec, false);
  }

  public CommandProcessor(LongSupplier clockMillis, String nodeAddress) {
    this(clockMillis, nodeAddress, InstrumentSpec.unrestricted(""));
  }

  /** Event time never goes backwards within a book, whatever the wall clock does. */
  private long now() {
    lastTimestampMillis = Math.max(lastTimestampMillis, clockMillis.getAsLong());
    return lastTimestampMillis;
  }

  /**
   * Appends the command's events to {@code journal}, already applied to {@code state}: first the
   * expiry of GTD orders whose time has come (so no command meets an expired order), then the
   * command's own, then the stop orders its trades triggered. The reply is about the command's
   * own order only.
   */
  public BookReply process(BookState state, BookRequest command, List<BookEvent> journal) {
    expireDue(state, journal);
    BookReply reply = decide(state, command, journal);
    triggerStops(state, journal);
    return reply;
  }

  /** Cancels (reason EXPIRED) the GTD orders whose time has come: for a timer, between commands. */
  public void expireDue(BookState state, List<BookEvent> journal) {
    if (state.book().nextExpiryMillis() <= clockMillis.getAsLong()) {
      state.book().expire(now(), decided);
      applyDecided(state, journal);
    }
  }

  /** Each trigger is decided on the book as the previous one left it: its trades can trigger more stops. */
  private void triggerStops(BookState state, List<BookEvent> journal) {
    while (state.book().triggerNext(lastTimestampMillis, decided)) {
      applyDecided(state, journal);
    }
  }

  private void applyDecided(BookState state, List<BookEvent> journal) {
    List<BookEvent> events = state.book().events(decided);
    decided.clear();
    appendApplied(state, events, journal);
  }

  private BookReply decide(BookState state, BookRequest command, List<BookEvent> journal) {
    if (command instanceof BookRequest.Place c) {
      if (c.holdDeadlineMillis() != 0 && clockMillis.getAsLong() > c.holdDeadlineMillis()) {
        // Too late to take its hold over, which may be released as an orphan by now. Nothing is
        // written; a retry (a new attempt, with a hold of its own) is placed or answered as usual.
        return new BookReply.Overloaded();
      }
      return place(state, c.order(), c.holdAttempt(), journal);
    } else if (command instanceof BookRequest.Cancel c) {
      return cancel(state, c.orderId(), c.account(), journal);
    } else if (command instanceof BookRequest.CancelByClientOrderId c) {
      OrderView o = state.book().orderByClientOrderId(c.account(), c.clientOrderId());
      return o == null ? new BookReply.Rejected(RejectReason.UNKNOWN_ORDER)
          : cancel(state, o.orderId(), c.account(), journal);
    } else if (command instanceof BookRequest.CancelAll c) {
      state.book().cancelAll(c.account(), now(), decided);
      List<Long> cancelled = new ArrayList<>(decided.size());
      for (int i = 0; i < decided.size(); i++) {
        cancelled.add(decided.id(i));
      }
      applyDecided(state, journal);
      return new BookReply.MassCancelled(List.copyOf(cancelled));
    } else if (command instanceof BookRequest.Amend c) {
      RejectReason broken = Limits.validQuantity(c.quantityLots()) && (c.priceTicks() == 0 || Limits.validPrice(c.priceTicks()))
          ? spec.checkAmend(c.priceTicks(), c.quantityLots(), state.book().lastTradePriceTicks()) : null;
      if (broken == null && fundedAmendsOnly) {
        broken = unfunded(state.book().liveOrder(c.orderId()), c.priceTicks(), c.quantityLots());
      }
      if (broken != null) {
        return new BookReply.Rejected(broken);
      }
      RejectReason r = state.book().amend(c.orderId(), c.account(), c.priceTicks(), c.quantityLots(), now(), decided);
      return settle(state, r, c.orderId(), journal);
    } else if (command instanceof BookRequest.AbandonHold c) {
      if (c.holdAttempt() == null && state.knows(c.account(), c.clientOrderId())) {
        return new BookReply.Rejected(RejectReason.DUPLICATE_CLIENT_ORDER_ID);
      }
      BookEvent abandoned = new BookEvent.HoldAbandoned(c.account(), c.clientOrderId(), now(), c.holdAttempt());
      state.apply(abandoned);
      journal.add(abandoned);
      return new BookReply.MassCancelled(List.of());
    } else if (command instanceof BookRequest.GetBook c) {
      return new BookReply.Book(state.book().depth(Side.BUY, c.depth()), state.book().depth(Side.SELL, c.depth()),
          state.book().lastMatchId(), nodeAddress, state.position());
    } else if (command instanceof BookRequest.GetOrder c) {
      OrderView o = state.book().order(c.orderId());
      if (o != null) {
        return new BookReply.Order(o);
      }
      var f = state.finished().get(c.orderId());
      return f == null ? new BookReply.Rejected(RejectReason.UNKNOWN_ORDER) : new BookReply.FinishedOrder(f);
    } else if (command instanceof BookRequest.GetRestingOrders c) {
      return new BookReply.RestingOrders(state.book().restingOrders(Side.BUY, c.account(), c.limit()),
          state.book().restingOrders(Side.SELL, c.account(), c.limit()),
          state.book().nextOrderId(), state.book().nextMatchId(), state.book().waitingStops(c.account(), c.limit()));
    } else if (command instanceof BookRequest.GetTrades c) {
      long last = state.book().lastMatchId();
      long after = c.afterMatchId() == BookRequest.LATEST ? Math.max(0, last - c.limit()) : c.afterMatchId();
      return new BookReply.Trades(state.recentTrades().after(after, c.limit()), last,
          state.recentTrades().oldestMatchId());
    }
    throw new IllegalArgumentException("unknown request " + command);
  }

  /**
   * A buy's hold covers price x remaining as it stands, a sell's the remaining quantity: an amend
   * past either would trade more than is held. (Unknown orders are left to the book to reject.)
   */
  private static RejectReason unfunded(OrderView o, long newPriceTicks, long newRemainingLots) {
    if (o == null) {
      return null;
    }
    long price = newPriceTicks == 0 ? o.priceTicks() : newPriceTicks;
    // Prices and quantities are at most 1e9 (Limits): the products fit in a long.
    boolean raises = newRemainingLots > o.remainingLots()
        || (o.side() == Side.BUY && price * newRemainingLots > o.priceTicks() * o.remainingLots());
    return raises ? RejectReason.AMEND_NOT_FUNDED : null;
  }

  private BookReply place(BookState state, NewOrder o, String holdAttempt, List<BookEvent> journal) {
    BookState.Prior prior = state.prior(o);
    if (prior instanceof BookState.Prior.Repeat r) {
      return new BookReply.Accepted(r.original(), true);
    } else if (prior instanceof BookState.Prior.Conflict) {
      return new BookReply.Rejected(RejectReason.DUPLICATE_CLIENT_ORDER_ID);
    }
    // The book's own bounds first (they name the field the same way); then the instrument's rules.
    // A stop-limit's price band is around its stop price: where the market will be when it triggers.
    boolean priced = o.type() == OrderType.LIMIT || o.type() == OrderType.STOP_LIMIT;
    if (Limits.validQuantity(o.quantityLots()) && (!priced || Limits.validPrice(o.priceTicks()))) {
      RejectReason broken = spec.check(priced ? o.priceTicks() : 0, o.quantityLots(),
          o.type().isStop() ? o.stopPriceTicks() : state.book().lastTradePriceTicks());
      if (broken == null && o.type().isStop()) {
        broken = spec.checkStop(o.stopPriceTicks());
      }
      if (broken != null) {
        return new BookReply.Rejected(broken);
      }
    }
    long orderId = state.book().nextOrderId();
    RejectReason r = state.book().place(o, now(), decided);
    return settle(state, r, orderId, holdAttempt, journal);
  }

  private BookReply cancel(BookState state, long orderId, String account, List<BookEvent> journal) {
    RejectReason r = state.book().cancel(orderId, account, now(), decided);
    return settle(state, r, orderId, journal);
  }

  /** The journal needs the events as records; the core decides them into {@code decided}. */
  private BookReply settle(BookState state, RejectReason rejected, long orderId, List<BookEvent> journal) {
    return settle(state, rejected, orderId, null, journal);
  }

  /** {@code holdAttempt}: a placed order's, which its acceptance names for its settlement. */
  private BookReply settle(BookState state, RejectReason rejected, long orderId, String holdAttempt,
      List<BookEvent> journal) {
    List<BookEvent> events = state.book().events(decided);
    decided.clear();
    if (rejected != null) {
      return new BookReply.Rejected(rejected);
    }
    if (holdAttempt != null && !events.isEmpty() && events.get(0) instanceof BookEvent.OrderAccepted a) {
      events.set(0, a.withHoldAttempt(holdAttempt));
    }
    appendApplied(state, events, journal);
    return new BookReply.Accepted(Outcome.of(orderId, events, state.book()), false);
  }

  /** One by one: {@code addAll} copies the list into an array first. */
  private static void appendApplied(BookState state, List<BookEvent> events, List<BookEvent> journal) {
    for (BookEvent e : events) {
      state.apply(e);
      journal.add(e);
    }
  }
}
