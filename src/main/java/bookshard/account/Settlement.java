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
 * found no order for ({@link BookEvent.HoldAbandoned}), its release. The events name whose
 * orders they are and whether each is done, so it keeps no copy of the book and holds no state.
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

  /** The hold an order of {@code account} with {@code clientOrderId} in {@code symbol} is placed under. */
  public static String holdId(String symbol, String account, String clientOrderId) {
    return symbol + ":" + account + ":" + clientOrderId;
  }

  /** The book and clientOrderId of an order's hold. */
  public record HoldOf(String symbol, String clientOrderId) {}

  /** What {@link #holdId} made for {@code account}, read back; null if {@code holdId} is not such a name. */
  public static HoldOf parseHoldId(String holdId, String account) {
    int colon = holdId.indexOf(':');
    String prefix = account + ":";
    if (colon < 0 || !holdId.startsWith(prefix, colon + 1)) {
      return null;
    }
    return new HoldOf(holdId.substring(0, colon), holdId.substring(colon + 1 + prefix.length()));
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
    if (e instanceof BookEvent.TradeExecuted t) {
      boolean takerBuys = t.takerSide() == Side.BUY;
      Party maker = new Party(t.makerOrderId(), t.makerAccount(), t.makerClientOrderId(), t.makerDone());
      Party taker = new Party(t.takerOrderId(), t.takerAccount(), t.takerClientOrderId(), t.takerDone());
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
      String hold = holdId(symbol, h.account(), h.clientOrderId());
      AccountRequest.Origin origin = new AccountRequest.Origin(symbol, seq);
      String id = symbol + ":abandoned:" + position;
      out.add(new Instruction(h.account(), new AccountRequest.Release(hold, id, origin)));
    } else if (e instanceof BookEvent.OrderCancelled c) {
      release(new Party(c.orderId(), c.account(), c.clientOrderId(), true), seq, out);
    } else if (e instanceof BookEvent.OrderReduced r) {
      trim(r.orderId(), r.account(), r.clientOrderId(), r.side(), r.priceTicks(), r.remainingLots(), position, seq, out);
    } else if (e instanceof BookEvent.OrderReplaced r) {
      trim(r.orderId(), r.account(), r.clientOrderId(), r.side(), r.priceTicks(), r.remainingLots(), position, seq, out);
    }
  }

  /** An order as a trade or a cancel names it. */
  private record Party(long orderId, String account, String clientOrderId, boolean done) {}

  /** An amend never raises what an order can cost (AMEND_NOT_FUNDED): what it can cost now is kept. */
  private void trim(long orderId, String account, String clientOrderId, Side side, long priceTicks, long remainingLots,
      long position, long seq, List<Instruction> out) {
    String hold = holdId(symbol, account, clientOrderId);
    long keep = holdAmount(terms, side, priceTicks, remainingLots);
    String id = symbol + ":" + orderId + ":trim:" + position;
    out.add(new Instruction(account, new AccountRequest.Release(hold, id, keep, new AccountRequest.Origin(symbol, seq))));
  }

  private void settle(Party o, String id, long debit, String creditAsset, long credit, long seq,
      List<Instruction> out) {
    String hold = holdId(symbol, o.account(), o.clientOrderId());
    AccountRequest.Origin origin = new AccountRequest.Origin(symbol, seq);
    out.add(new Instruction(o.account(), new AccountRequest.Settle(hold, id, debit, creditAsset, credit, origin)));
  }

  private void credit(String asset, long amount, String id, long seq, List<Instruction> out) {
    if (amount > 0) {
      AccountRequest.Origin origin = new AccountRequest.Origin(symbol, seq);
      out.add(new Instruction(feeAccount, new AccountRequest.Credit(asset, amount, id, origin)));
    }
  }

  private void release(Party o, long seq, List<Instruction> out) {
    String hold = holdId(symbol, o.account(), o.clientOrderId());
    AccountRequest.Origin origin = new AccountRequest.Origin(symbol, seq);
    String id = symbol + ":" + o.orderId() + ":rel";
    out.add(new Instruction(o.account(), new AccountRequest.Release(hold, id, origin)));
  }
}
