package bookshard.account;

import bookshard.protocol.AccountRequest;
import bookshard.book.InstrumentSpec;
import bookshard.book.NewOrder;
import bookshard.book.OrderType;
import bookshard.book.RejectReason;
import bookshard.book.Side;
import bookshard.protocol.AccountReply;
import bookshard.protocol.Accounts;
import bookshard.protocol.AssetTerms;
import bookshard.protocol.BookReply;
import bookshard.protocol.BookRequest;
import bookshard.protocol.Books;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Books behind pre-trade risk: an order reaches its book only after its account has held what
 * it could spend (a buy: price x quantity in quote, a market buy's budget, or a STOP buy's
 * protected limit ({@link #protectedStopBuy}) x quantity; a sell: the quantity in base), under a
 * hold of this attempt's own ({@link Settlement#attemptHoldId}). Refused: INSUFFICIENT_FUNDS (or
 * OVERLOADED when the ledger's queue is full), and nothing reaches the book. The order carries
 * the attempt: if the book accepts it as new, its settlement renames the hold after the order;
 * if not (a reject, an overload, or a retry of one it has), this call releases the hold at once
 * ({@link #undo}). If the book does not answer, the hold waits for the orphan sweep.
 * Two attempts with one clientOrderId, at once or one long after the other, never share a hold.
 *
 * <p>An order without a clientOrderId gets one ({@code auto-}, random, then a counter): the hold needs a name
 * the book's journal also carries. Everything else passes through unchanged.
 */
public final class PreTradeRisk implements Books {
  private final Books books;
  private final Accounts accounts;
  private final long stopBuyProtectionBps;
  private final long attemptLifetimeMillis;

  /**
   * {@code stopBuyProtectionBps}: how far above its stop price a STOP buy may fill (basis points);
   * see {@link #protectedStopBuy}. {@code abandonHoldsAfter}: how long a ledger waits before it
   * reports an attempt's hold as an orphan; the book refuses an attempt that reaches it later than
   * half of that after it was sent ({@link BookRequest.Place#holdDeadlineMillis}), so no order is
   * accepted after its hold was given up (clocks may differ by up to the other half).
   */
  public PreTradeRisk(Books books, Accounts accounts, long stopBuyProtectionBps, java.time.Duration abandonHoldsAfter) {
    if (stopBuyProtectionBps < 0 || stopBuyProtectionBps > 100_000) {
      throw new IllegalArgumentException("stop-buy-protection-bps must be 0 to 100000 (1,000%), not " + stopBuyProtectionBps);
    }
    if (abandonHoldsAfter.toMillis() < 2) {
      throw new IllegalArgumentException("abandon-holds-after must be at least 2 ms, not " + abandonHoldsAfter);
    }
    this.books = books;
    this.accounts = accounts;
    this.stopBuyProtectionBps = stopBuyProtectionBps;
    this.attemptLifetimeMillis = abandonHoldsAfter.toMillis() / 2;
  }

  /** The books behind the checks (for tests that must order what reaches them). */
  Books booksBehind() {
    return books;
  }

  @Override
  public boolean exists(String symbol) {
    return books.exists(symbol);
  }

  @Override
  public List<String> symbols() {
    return books.symbols();
  }

  @Override
  public InstrumentSpec spec(String symbol) {
    return books.spec(symbol);
  }

  @Override
  public AssetTerms terms(String symbol) {
    return books.terms(symbol);
  }

  /** An order is placed after its hold; any other change passes through. */
  @Override
  public CompletionStage<BookReply> send(String symbol, BookRequest.Write request) {
    return request instanceof BookRequest.Place p ? place(symbol, p.order()) : books.send(symbol, request);
  }

  @Override
  public CompletionStage<BookReply> read(String symbol, BookRequest.Read query) {
    return books.read(symbol, query);
  }

  @Override
  public CompletionStage<BookReply> place(String symbol, NewOrder given) {
    NewOrder o = given;
    if (o.type() == OrderType.STOP && o.side() == Side.BUY) {
      RejectReason invalid = o.timeInForce() != bookshard.book.TimeInForce.IOC ? RejectReason.INVALID_TIME_IN_FORCE
          : !bookshard.book.Limits.validPrice(o.stopPriceTicks()) ? RejectReason.INVALID_STOP_PRICE
          : o.maxNotional() != 0 ? RejectReason.INVALID_MAX_NOTIONAL : null;
      if (invalid != null) {
        return CompletableFuture.completedFuture(new BookReply.Rejected(invalid));
      }
      o = protectedStopBuy(symbol, o);
    }
    boolean priced = o.type() == OrderType.LIMIT || o.type() == OrderType.STOP_LIMIT;
    boolean budgeted = o.type() == OrderType.MARKET && o.maxNotional() > 0;
    if (o.side() == Side.BUY && !priced && !budgeted) {
      return CompletableFuture.completedFuture(new BookReply.Rejected(RejectReason.BUY_NEEDS_LIMIT_PRICE));
    }
    NewOrder order = o.clientOrderId() != null ? o
        : new NewOrder(o.account(), autoId(), o.side(), o.type(), o.timeInForce(), o.priceTicks(),
            o.quantityLots(), o.stopPriceTicks(), o.expireAtMillis(), o.maxNotional());
    AssetTerms terms = books.terms(symbol);
    long amount;
    try {
      // A budgeted market buy holds its budget (ticks x lots is a price of 1 tick times maxNotional lots).
      amount = budgeted ? terms.quoteAmount(1, order.maxNotional())
          : Settlement.holdAmount(terms, order.side(), order.priceTicks(), order.quantityLots());
    } catch (ArithmeticException e) {
      return CompletableFuture.completedFuture(new BookReply.Rejected(RejectReason.INVALID_QUANTITY));
    }
    if (amount <= 0) {
      // Not a valid order at all (the book names the field): nothing to hold.
      return books.place(symbol, order);
    }
    String attempt = nextId();
    String hold = Settlement.attemptHoldId(symbol, order.account(), order.clientOrderId(), attempt);
    String asset = order.side() == Side.BUY ? terms.quote() : terms.base();
    return accounts.send(order.account(), new AccountRequest.Hold(hold, asset, amount)).thenCompose(held -> {
      if (held instanceof AccountReply.Refused refused) {
        return CompletableFuture.completedFuture(refused.overloaded()
            ? new BookReply.Overloaded() : new BookReply.Rejected(RejectReason.INSUFFICIENT_FUNDS));
      }
      long deadline = System.currentTimeMillis() + attemptLifetimeMillis;
      return books.send(symbol, new BookRequest.Place(order, attempt, deadline)).thenCompose(reply -> {
        if (reply instanceof BookReply.Accepted a && !a.duplicate()) {
          return CompletableFuture.completedFuture(reply);
        }
        return undo(order.account(), hold, UNDO_TRIES).thenApply(x -> reply);
      });
    });
  }

  /** Tries to release a hold the book did not take, up to this many times. */
  private static final int UNDO_TRIES = 5;

  /**
   * Releases an attempt's hold the book did not take. The caller hears after the first try, so
   * the book's answer is never held up or turned into a failure; while the ledger answers
   * OVERLOADED or not at all, it is tried again (the release is idempotent), so the funds come back
   * now rather than when the orphan sweep finds the hold.
   */
  private CompletionStage<Void> undo(String account, String hold, int tries) {
    return accounts.send(account, new AccountRequest.Release(hold, hold + ":undo")).handle((r, t) -> {
      boolean failed = t != null || r instanceof AccountReply.Refused refused && refused.overloaded();
      if (failed && tries > 1) {
        undo(account, hold, tries - 1);
      }
      return null;
    });
  }

  /**
   * A STOP buy (a market buy once triggered) could cost anything, so with accounts it is placed
   * as a protected stop: a STOP_LIMIT IOC with the same stop price whose limit is the stop price
   * plus {@code stopBuyProtectionBps}, rounded up to the tick. Once triggered it buys what it can
   * up to that price, the rest is cancelled, and its hold is that limit times its quantity. (CME
   * Globex protects stop orders the same way.)
   */
  private NewOrder protectedStopBuy(String symbol, NewOrder o) {
    long tick = books.spec(symbol).tickSize();
    long stop = o.stopPriceTicks();
    // Stop at most 1e9 ticks, bps at most 1e5: no overflow. Rounded up, never above the highest price on the tick.
    long limit = stop - Math.floorDiv(-stop * stopBuyProtectionBps, 10_000L);
    limit = -Math.floorDiv(-limit, tick) * tick;
    long highest = bookshard.book.Limits.MAX_PRICE_TICKS / tick * tick;
    return new NewOrder(o.account(), o.clientOrderId(), Side.BUY, OrderType.STOP_LIMIT, bookshard.book.TimeInForce.IOC,
        Math.min(limit, highest), o.quantityLots(), stop, 0, 0);
  }

  /**
   * Unique per node run (64 random bits) and per call (a counter): short, as automatic
   * clientOrderIds are stored with every order and attempts with every acceptance.
   */
  private final String idPrefix = Long.toString(new java.security.SecureRandom().nextLong() >>> 1, 36) + "-";
  private final java.util.concurrent.atomic.AtomicLong idCounter = new java.util.concurrent.atomic.AtomicLong();

  private String nextId() {
    return idPrefix + Long.toString(idCounter.incrementAndGet(), 36);
  }

  private String autoId() {
    return "auto-" + nextId();
  }
}
