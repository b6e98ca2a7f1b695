package bookshard.account;

import bookshard.protocol.AccountRequest;
import bookshard.book.BookEvent;
import bookshard.book.EventBatch;
import bookshard.book.Side;
import bookshard.protocol.AssetTerms;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a book's journal into account commands: for each trade, both sides' settlement legs and
 * their fees to the fee account; for each order that leaves the book (filled, cancelled,
 * expired, its remainder unfilled), the release of what its hold has left; for an order reduced
 * or repriced lower, the release of what it can no longer cost; for a hold the book
 * found no order for ({@link BookEvent.HoldAbandoned}), its release. And for each order the book
 * accepts, its attempt's hold renamed after the order ({@link AccountRequest.Bind}), so the
 * commands after it name a hold no other order can have. The events name whose orders they are
 * and whether each is done, so it keeps no copy of the book and holds no state.
 *
 * <p>Every command carries its {@link AccountRequest.Origin}: this book, and a seq made of the
 * event's gapless position and the leg's index, so the commands of a journal row are the same
 * however often they are planned, and an account applies each once.
 */
public final class Settlement {
  /** Legs per event: a trade's four, and the releases of its maker and taker. */
  private static final int LEGS = 16;

  /** One change for one account; sent inside an {@link AccountRequest.Apply}. */
  public record Instruction(String account, AccountRequest command) {}

  private final String symbol;
  private final AssetTerms terms;
  private final String feeAccount;

  public Settlement(String symbol, AssetTerms terms, String feeAccount) {
    this.symbol = symbol;
    this.terms = terms;
    this.feeAccount = feeAccount;
  }

  /**
   * The hold one attempt to place an order of {@code account} with {@code clientOrderId} in
   * {@code symbol} takes (pre-trade risk): every attempt its own, so an attempt that fails
   * releases only what it held, whatever another attempt with that clientOrderId does. A null
   * {@code attempt} (a row written before holds were per attempt) gives the name holds had then.
   */
  public static String attemptHoldId(String symbol, String account, String clientOrderId, String attempt) {
    String legacy = legacyHoldId(symbol, account, clientOrderId);
    return attempt == null ? legacy : legacy + "@" + attempt;
  }

  /**
   * The name the hold goes by once the book accepted the order ({@link AccountRequest.Bind}):
   * its orderId is never reused, so no later order with that clientOrderId can touch it.
   */
  public static String orderHoldId(String symbol, String account, String clientOrderId, long orderId) {
    return legacyHoldId(symbol, account, clientOrderId) + "#" + orderId;
  }

  /** The order an attempt's hold was for (its name without the attempt); null if not an attempt's name. */
  public static String orderOfAttempt(String holdId) {
    int at = holdId.lastIndexOf('@');
    return at < 0 || legacyNameOf(holdId) != null ? null : holdId.substring(0, at);
  }

  /** The name holds had before they were per attempt; an open one may still be in a ledger. */
  private static String legacyHoldId(String symbol, String account, String clientOrderId) {
    return symbol + ":" + account + ":" + clientOrderId;
  }

  /** The legacy name of an order's hold ({@link #orderHoldId} without its orderId); null if not an order's name. */
  public static String legacyNameOf(String orderHoldId) {
    int hash = orderHoldId.lastIndexOf('#');
    if (hash < 0 || hash == orderHoldId.length() - 1) {
      return null;
    }
    for (int i = hash + 1; i < orderHoldId.length(); i++) {
      if (!Character.isDigit(orderHoldId.charAt(i))) {
        return null;
      }
    }
    return orderHoldId.substring(0, hash);
  }

  /**
   * A hold waiting for its order: book, clientOrderId, and the attempt (null for a legacy name,
   * taken before holds were per attempt).
   */
  public record HoldOf(String symbol, String clientOrderId, String attempt) {}

  /**
   * An attempt's (or a legacy) hold of {@code account}, read back; null for an order's hold (its
   * order owns it) and for a name neither method made. Reading it back and naming it again gives
   * the same name, so a release always reaches the hold that waited.
   */
  public static HoldOf parseHoldId(String holdId, String account) {
    int colon = holdId.indexOf(':');
    String prefix = account + ":";
    if (colon < 0 || !holdId.startsWith(prefix, colon + 1) || legacyNameOf(holdId) != null) {
      return null;
    }
    String symbol = holdId.substring(0, colon);
    String rest = holdId.substring(colon + 1 + prefix.length());
    int at = rest.lastIndexOf('@');
    return at < 0 ? new HoldOf(symbol, rest, null) : new HoldOf(symbol, rest.substring(0, at), rest.substring(at + 1));
  }

  /** What a buy at {@code priceTicks} (a sell: any price) of {@code lots} must hold, in what it pays with. */
  public static long holdAmount(AssetTerms terms, Side side, long priceTicks, long lots) {
    return side == Side.BUY ? terms.quoteAmount(priceTicks, lots) : terms.baseAmount(lots);
  }

  /** The commands one journal row causes, in the order they must be applied per account. */
  public List<Instruction> plan(EventBatch batch) {
    List<Instruction> out = new ArrayList<>();
    long position = batch.firstPosition();
    for (BookEvent e : batch.events()) {
      plan(e, position++, out);
    }
    return out;
  }

  private void plan(BookEvent e, long position, List<Instruction> out) {
    if (!BookEvent.namesOrders(e)) {
      // Such a row must be settled by the version that wrote it (which kept a copy of the book).
      throw new IllegalStateException(symbol + "'s event at position " + position
          + " was written before events named their orders; settle the journal up to it with that version first");
    }
    long seq = position * LEGS;
    if (e instanceof BookEvent.OrderAccepted a) {
      String from = attemptHoldId(symbol, a.account(), a.clientOrderId(), a.holdAttempt());
      String to = orderHoldId(symbol, a.account(), a.clientOrderId(), a.orderId());
      out.add(new Instruction(a.account(), new AccountRequest.Bind(from, to, symbol + ":" + a.orderId() + ":bind",
          new AccountRequest.Origin(symbol, seq))));
    } else if (e instanceof BookEvent.TradeExecuted t) {
      boolean takerBuys = t.takerSide() == Side.BUY;
      Party maker = party(t.makerOrderId(), t.makerAccount(), t.makerClientOrderId(), t.makerDone());
      Party taker = party(t.takerOrderId(), t.takerAccount(), t.takerClientOrderId(), t.takerDone());
      Party buyer = takerBuys ? taker : maker;
      Party seller = takerBuys ? maker : taker;
      long quote = terms.quoteAmount(t.priceTicks(), t.quantityLots());
      long base = terms.baseAmount(t.quantityLots());
      long baseFee = terms.fee(base, !takerBuys);
      long quoteFee = terms.fee(quote, takerBuys);
      String id = symbol + ":" + t.matchId();
      settle(buyer, id + ":B", quote, terms.base(), base - baseFee, seq, out);
      settle(seller, id + ":S", base, terms.quote(), quote - quoteFee, seq + 1, out);
      credit(terms.base(), baseFee, id + ":fB", seq + 2, out);
      credit(terms.quote(), quoteFee, id + ":fQ", seq + 3, out);
      if (maker.done()) {
        release(maker, seq + 4, out);
      }
      if (taker.done()) {
        release(taker, seq + 5, out);
      }
    } else if (e instanceof BookEvent.HoldAbandoned h) {
      String hold = attemptHoldId(symbol, h.account(), h.clientOrderId(), h.holdAttempt());
      AccountRequest.Origin origin = new AccountRequest.Origin(symbol, seq);
      String id = symbol + ":abandoned:" + position;
      out.add(new Instruction(h.account(), new AccountRequest.Release(hold, id, origin)));
    } else if (e instanceof BookEvent.OrderCancelled c) {
      release(party(c.orderId(), c.account(), c.clientOrderId(), true), seq, out);
    } else if (e instanceof BookEvent.OrderReduced r) {
      trim(r.orderId(), r.account(), r.clientOrderId(), r.side(), r.priceTicks(), r.remainingLots(), position, seq, out);
    } else if (e instanceof BookEvent.OrderReplaced r) {
      trim(r.orderId(), r.account(), r.clientOrderId(), r.side(), r.priceTicks(), r.remainingLots(), position, seq, out);
    }
  }

  /** An order as a trade or a cancel names it, and its hold's name (made once: its fills and its release name it). */
  private record Party(long orderId, String account, boolean done, String hold) {}

  private Party party(long orderId, String account, String clientOrderId, boolean done) {
    return new Party(orderId, account, done, orderHoldId(symbol, account, clientOrderId, orderId));
  }

  /** An amend never raises what an order can cost (AMEND_NOT_FUNDED): what it can cost now is kept. */
  private void trim(long orderId, String account, String clientOrderId, Side side, long priceTicks, long remainingLots,
      long position, long seq, List<Instruction> out) {
    String hold = orderHoldId(symbol, account, clientOrderId, orderId);
    long keep = holdAmount(terms, side, priceTicks, remainingLots);
    String id = symbol + ":" + orderId + ":trim:" + position;
    out.add(new Instruction(account, new AccountRequest.Release(hold, id, keep, new AccountRequest.Origin(symbol, seq))));
  }

  private void settle(Party o, String id, long debit, String creditAsset, long credit, long seq,
      List<Instruction> out) {
    AccountRequest.Origin origin = new AccountRequest.Origin(symbol, seq);
    out.add(new Instruction(o.account(), new AccountRequest.Settle(o.hold(), id, debit, creditAsset, credit, origin)));
  }

  private void credit(String asset, long amount, String id, long seq, List<Instruction> out) {
    if (amount > 0) {
      AccountRequest.Origin origin = new AccountRequest.Origin(symbol, seq);
      out.add(new Instruction(feeAccount, new AccountRequest.Credit(asset, amount, id, origin)));
    }
  }

  private void release(Party o, long seq, List<Instruction> out) {
    AccountRequest.Origin origin = new AccountRequest.Origin(symbol, seq);
    String id = symbol + ":" + o.orderId() + ":rel";
    out.add(new Instruction(o.account(), new AccountRequest.Release(o.hold(), id, origin)));
  }
}
