package bookshard.account;

import bookshard.protocol.AccountCommand;
import bookshard.protocol.AssetTerms;
import bookshard.book.BookEvent;
import bookshard.book.EventBatch;
import bookshard.book.OrderBook;
import bookshard.book.OrderView;
import bookshard.book.Side;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a book's journal into account commands: for each trade, both sides' settlement legs and
 * their fees to the fee account; for each order that leaves the book (filled, cancelled,
 * expired, its remainder unfilled), the release of what its hold has left; for an order reduced
 * or repriced lower, the release of what it can no longer cost; for a hold the book
 * found no order for ({@link BookEvent.HoldAbandoned}), its release. It keeps a replica of
 * the book, applied event by event, to know each order's account, side and hold.
 *
 * <p>Every command carries its {@link AccountCommand.Origin}: this book, and a seq made of the
 * event's gapless position and the leg's index, so the commands of a journal row are the same
 * however often they are planned, and an account applies each once.
 */
public final class Settlement {
  /** Legs per event: a trade's four, and the releases of its maker and taker. */
  private static final int LEGS = 16;

  /** One command for one account; sent inside an {@link AccountCommand.Apply}, so without its own replyTo. */
  public record Instruction(String account, AccountCommand command) {}

  private final String symbol;
  private final AssetTerms terms;
  private final String feeAccount;
  private final OrderBook replica;

  /** {@code replica}: the book as of the row before the first one to be planned. */
  public Settlement(String symbol, AssetTerms terms, String feeAccount, OrderBook replica) {
    this.symbol = symbol;
    this.terms = terms;
    this.feeAccount = feeAccount;
    this.replica = replica;
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
    long seq = position * LEGS;
    if (e instanceof BookEvent.TradeExecuted t) {
      OrderView maker = replica.liveOrder(t.makerOrderId());
      OrderView taker = replica.liveOrder(t.takerOrderId());
      replica.apply(e);
      OrderView buyer = t.takerSide() == Side.BUY ? taker : maker;
      OrderView seller = t.takerSide() == Side.BUY ? maker : taker;
      long quote = terms.quoteAmount(t.priceTicks(), t.quantityLots());
      long base = terms.baseAmount(t.quantityLots());
      long baseFee = terms.fee(base, buyer == maker);
      long quoteFee = terms.fee(quote, seller == maker);
      String id = symbol + ":" + t.matchId();
      settle(buyer, id + ":B", quote, terms.base(), base - baseFee, seq, out);
      settle(seller, id + ":S", base, terms.quote(), quote - quoteFee, seq + 1, out);
      credit(terms.base(), baseFee, id + ":fB", seq + 2, out);
      credit(terms.quote(), quoteFee, id + ":fQ", seq + 3, out);
      releaseIfGone(maker, seq + 4, out);
      releaseIfGone(taker, seq + 5, out);
    } else if (e instanceof BookEvent.HoldAbandoned h) {
      replica.apply(e);
      String hold = holdId(symbol, h.account(), h.clientOrderId());
      AccountCommand.Origin origin = new AccountCommand.Origin(symbol, seq);
      String id = symbol + ":abandoned:" + position;
      out.add(new Instruction(h.account(), new AccountCommand.Release(hold, id, origin, null)));
    } else if (e instanceof BookEvent.OrderCancelled c) {
      OrderView o = replica.liveOrder(c.orderId());
      replica.apply(e);
      releaseIfGone(o, seq, out);
    } else if (e instanceof BookEvent.OrderReduced || e instanceof BookEvent.OrderReplaced) {
      replica.apply(e);
      long orderId = e instanceof BookEvent.OrderReduced r ? r.orderId() : ((BookEvent.OrderReplaced) e).orderId();
      OrderView o = replica.liveOrder(orderId);
      if (o != null) {
        // An amend never raises what an order can cost (AMEND_NOT_FUNDED): what it can cost now is kept.
        String hold = holdId(symbol, o.account(), o.clientOrderId());
        long keep = holdAmount(terms, o.side(), o.priceTicks(), o.remainingLots());
        String id = symbol + ":" + orderId + ":trim:" + position;
        out.add(new Instruction(o.account(),
            new AccountCommand.Release(hold, id, keep, new AccountCommand.Origin(symbol, seq), null)));
      }
    } else {
      replica.apply(e);
    }
  }

  private void settle(OrderView o, String id, long debit, String creditAsset, long credit, long seq,
      List<Instruction> out) {
    String hold = holdId(symbol, o.account(), o.clientOrderId());
    AccountCommand.Origin origin = new AccountCommand.Origin(symbol, seq);
    out.add(new Instruction(o.account(), new AccountCommand.Settle(hold, id, debit, creditAsset, credit, origin, null)));
  }

  private void credit(String asset, long amount, String id, long seq, List<Instruction> out) {
    if (amount > 0) {
      AccountCommand.Origin origin = new AccountCommand.Origin(symbol, seq);
      out.add(new Instruction(feeAccount, new AccountCommand.Credit(asset, amount, id, origin, null)));
    }
  }

  private void releaseIfGone(OrderView o, long seq, List<Instruction> out) {
    if (o != null && replica.liveOrder(o.orderId()) == null) {
      String hold = holdId(symbol, o.account(), o.clientOrderId());
      AccountCommand.Origin origin = new AccountCommand.Origin(symbol, seq);
      String id = symbol + ":" + o.orderId() + ":rel";
      out.add(new Instruction(o.account(), new AccountCommand.Release(hold, id, origin, null)));
    }
  }
}
