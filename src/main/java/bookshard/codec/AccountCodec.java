package bookshard.codec;

import bookshard.protocol.AccountRequest;
import bookshard.codec.fb.FbAccountCommand;
import bookshard.codec.fb.FbAccountCommandKind;
import bookshard.codec.fb.FbAccountEvent;
import bookshard.codec.fb.FbAccountEventBatch;
import bookshard.protocol.AccountEventBatch;
import bookshard.codec.fb.FbAccountEventKind;
import bookshard.codec.fb.FbAccountReply;
import bookshard.codec.fb.FbAccountState;
import bookshard.codec.fb.FbBalance;
import bookshard.codec.fb.FbHold;
import bookshard.codec.fb.FbSettledThrough;
import bookshard.codec.fb.FbSettlementProgress;
import bookshard.account.SettlementProgress;
import bookshard.protocol.AccountCommand;
import bookshard.protocol.AccountEvent;
import bookshard.protocol.AccountReply;
import bookshard.account.AccountState;
import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/** An account ledger's events, snapshot, command and reply to and from FlatBuffers (schema/accounts.fbs). */
final class AccountCodec {
  private AccountCodec() {}

  static byte[] encode(AccountEvent e) {
    FlatBufferBuilder b = new FlatBufferBuilder(64);
    FbAccountEvent.finishFbAccountEventBuffer(b, event(b, e));
    return b.sizedByteArray();
  }

  static byte[] encode(AccountEventBatch batch) {
    FlatBufferBuilder b = new FlatBufferBuilder(64 * batch.events().size() + 16);
    int[] events = new int[batch.events().size()];
    for (int i = 0; i < events.length; i++) {
      events[i] = event(b, batch.events().get(i));
    }
    b.finish(FbAccountEventBatch.createFbAccountEventBatch(b, FbAccountEventBatch.createEventsVector(b, events)));
    return b.sizedByteArray();
  }

  static AccountEventBatch decodeBatch(byte[] bytes) {
    FbAccountEventBatch batch = FbAccountEventBatch.getRootAsFbAccountEventBatch(ByteBuffer.wrap(bytes));
    List<AccountEvent> events = new ArrayList<>(batch.eventsLength());
    FbAccountEvent e = new FbAccountEvent();
    for (int i = 0; i < batch.eventsLength(); i++) {
      events.add(event(batch.events(e, i)));
    }
    return new AccountEventBatch(events);
  }

  /** Assets and the origin's book repeat in every event of a ledger's batch: each is written once per row. */
  private static int event(FlatBufferBuilder b, AccountEvent e) {
    int asset = b.createSharedString(e.asset());
    int requestId = b.createString(e.requestId());
    int holdId = 0;
    int creditAsset = 0;
    long creditAmount = 0;
    int boundTo = 0;
    byte kind;
    if (e instanceof AccountEvent.Deposited) {
      kind = FbAccountEventKind.DEPOSITED;
    } else if (e instanceof AccountEvent.Withdrawn) {
      kind = FbAccountEventKind.WITHDRAWN;
    } else if (e instanceof AccountEvent.Held) {
      kind = FbAccountEventKind.HELD;
    } else if (e instanceof AccountEvent.Released r) {
      kind = FbAccountEventKind.RELEASED;
      holdId = b.createString(r.holdId());
    } else if (e instanceof AccountEvent.Settled s) {
      kind = FbAccountEventKind.SETTLED;
      holdId = b.createString(s.holdId());
      creditAsset = b.createSharedString(s.creditAsset());
      creditAmount = s.creditAmount();
    } else if (e instanceof AccountEvent.Bound bound) {
      kind = FbAccountEventKind.BOUND;
      holdId = b.createString(bound.holdId());
      boundTo = b.createString(bound.boundTo());
    } else {
      kind = FbAccountEventKind.CREDITED;
    }
    AccountRequest.Origin origin = e.origin();
    int originBook = origin == null ? 0 : b.createSharedString(origin.book());
    return FbAccountEvent.createFbAccountEvent(b, kind, asset, e.amount(), requestId, holdId, creditAsset,
        creditAmount, originBook, origin == null ? 0 : origin.seq(), boundTo);
  }

  static AccountEvent decodeEvent(byte[] bytes) {
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    if (!FbAccountEvent.FbAccountEventBufferHasIdentifier(bb)) {
      throw new IllegalArgumentException("not an account event (file identifier BSAC missing)");
    }
    return event(FbAccountEvent.getRootAsFbAccountEvent(bb));
  }

  private static AccountEvent event(FbAccountEvent e) {
    AccountRequest.Origin origin = origin(e.originBook(), e.originSeq());
    return switch (e.kind()) {
      case FbAccountEventKind.DEPOSITED -> new AccountEvent.Deposited(e.asset(), e.amount(), e.requestId());
      case FbAccountEventKind.WITHDRAWN -> new AccountEvent.Withdrawn(e.asset(), e.amount(), e.requestId());
      case FbAccountEventKind.HELD -> new AccountEvent.Held(e.asset(), e.amount(), e.requestId());
      case FbAccountEventKind.RELEASED -> new AccountEvent.Released(e.asset(), e.amount(), e.requestId(), e.holdId(),
          origin);
      case FbAccountEventKind.SETTLED -> new AccountEvent.Settled(e.asset(), e.amount(), e.requestId(), e.holdId(),
          e.creditAsset(), e.creditAmount(), origin);
      case FbAccountEventKind.CREDITED -> new AccountEvent.Credited(e.asset(), e.amount(), e.requestId(), origin);
      case FbAccountEventKind.BOUND -> new AccountEvent.Bound(e.asset(), e.amount(), e.requestId(), e.holdId(),
          e.boundTo(), origin);
      default -> throw new IllegalArgumentException("account event kind " + e.kind());
    };
  }

  private static AccountRequest.Origin origin(String book, long seq) {
    return book == null ? null : new AccountRequest.Origin(book, seq);
  }

  private static int balances(FlatBufferBuilder b, Map<String, AccountReply.Balance> balances) {
    int[] offsets = new int[balances.size()];
    int i = 0;
    for (var e : balances.entrySet()) {
      offsets[i++] = FbBalance.createFbBalance(b, b.createString(e.getKey()), e.getValue().available(), e.getValue().held());
    }
    return b.createVectorOfTables(offsets);
  }

  private static Map<String, AccountReply.Balance> balances(int n, java.util.function.IntFunction<FbBalance> at) {
    Map<String, AccountReply.Balance> out = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      FbBalance x = at.apply(i);
      out.put(x.asset(), new AccountReply.Balance(x.available(), x.held()));
    }
    return out;
  }

  static byte[] encode(AccountState s) {
    FlatBufferBuilder b = new FlatBufferBuilder(256);
    int balances = balances(b, s.balances());
    List<String> ids = s.requestIds();
    int[] idOffsets = new int[ids.size()];
    for (int i = 0; i < idOffsets.length; i++) {
      idOffsets[i] = b.createString(ids.get(i));
    }
    int idVector = FbAccountState.createRequestIdsVector(b, idOffsets);
    List<Integer> holdOffsets = new ArrayList<>();
    s.holds().forEach((id, h) -> holdOffsets.add(FbHold.createFbHold(b, b.createString(id), b.createString(h.asset()),
        h.remaining())));
    int holdVector = FbAccountState.createHoldsVector(b, holdOffsets.stream().mapToInt(Integer::intValue).toArray());
    List<Integer> through = new ArrayList<>();
    s.settledThrough().forEach((book, seq) -> through.add(FbSettledThrough.createFbSettledThrough(b, b.createString(book),
        seq)));
    int throughVector = FbAccountState.createSettledThroughVector(b,
        through.stream().mapToInt(Integer::intValue).toArray());
    b.finish(FbAccountState.createFbAccountState(b, balances, idVector, holdVector, throughVector));
    return b.sizedByteArray();
  }

  static AccountState decodeState(byte[] bytes) {
    FbAccountState s = FbAccountState.getRootAsFbAccountState(ByteBuffer.wrap(bytes));
    List<String> ids = new ArrayList<>(s.requestIdsLength());
    for (int i = 0; i < s.requestIdsLength(); i++) {
      ids.add(s.requestIds(i));
    }
    Map<String, AccountState.Hold> holds = new java.util.LinkedHashMap<>();
    FbHold h = new FbHold();
    for (int i = 0; i < s.holdsLength(); i++) {
      s.holds(h, i);
      holds.put(h.holdId(), new AccountState.Hold(h.asset(), h.remaining()));
    }
    Map<String, Long> through = new TreeMap<>();
    FbSettledThrough t = new FbSettledThrough();
    for (int i = 0; i < s.settledThroughLength(); i++) {
      s.settledThrough(t, i);
      through.put(t.book(), t.seq());
    }
    return AccountState.of(balances(s.balancesLength(), s::balances), holds, ids, through);
  }

  static byte[] encode(AccountCommand c, Function<ActorRef<?>, String> refToString) {
    FlatBufferBuilder b = new FlatBufferBuilder(128);
    b.finish(command(b, c.request(), refToString.apply(c.replyTo())));
    return b.sizedByteArray();
  }

  /** One command's table; {@code replyTo} null for an Apply's changes. */
  private static int command(FlatBufferBuilder b, AccountRequest c, String replyToPath) {
    int changes = 0;
    if (c instanceof AccountRequest.Apply a) {
      int[] inner = new int[a.changes().size()];
      for (int i = 0; i < inner.length; i++) {
        inner[i] = command(b, a.changes().get(i), null);
      }
      changes = FbAccountCommand.createChangesVector(b, inner);
    }
    int replyTo = replyToPath == null ? 0 : b.createString(replyToPath);
    byte kind;
    int asset = 0;
    int requestId = 0;
    long amount = 0;
    int holdId = 0;
    int creditAsset = 0;
    long creditAmount = 0;
    int boundTo = 0;
    AccountRequest.Origin origin = null;
    if (c instanceof AccountRequest.Apply) {
      kind = FbAccountCommandKind.APPLY;
    } else if (c instanceof AccountRequest.Hold h) {
      kind = FbAccountCommandKind.HOLD;
      holdId = b.createString(h.holdId());
      asset = b.createString(h.asset());
      amount = h.amount();
    } else if (c instanceof AccountRequest.Release r) {
      kind = FbAccountCommandKind.RELEASE;
      holdId = b.createString(r.holdId());
      requestId = b.createString(r.releaseId());
      amount = r.keep();
      origin = r.origin();
    } else if (c instanceof AccountRequest.Settle s) {
      kind = FbAccountCommandKind.SETTLE;
      holdId = b.createString(s.holdId());
      requestId = b.createString(s.settleId());
      amount = s.debitAmount();
      creditAsset = b.createString(s.creditAsset());
      creditAmount = s.creditAmount();
      origin = s.origin();
    } else if (c instanceof AccountRequest.Bind bind) {
      kind = FbAccountCommandKind.BIND;
      holdId = b.createString(bind.holdId());
      boundTo = b.createString(bind.boundTo());
      requestId = b.createString(bind.requestId());
      origin = bind.origin();
    } else if (c instanceof AccountRequest.Movement m) {
      kind = m instanceof AccountRequest.Deposit ? FbAccountCommandKind.DEPOSIT
          : m instanceof AccountRequest.Withdraw ? FbAccountCommandKind.WITHDRAW : FbAccountCommandKind.CREDIT;
      asset = b.createString(m.asset());
      requestId = b.createString(m.requestId());
      amount = m.amount();
      origin = m instanceof AccountRequest.Credit x ? x.origin() : null;
    } else {
      kind = FbAccountCommandKind.GET_BALANCES;
    }
    int originBook = origin == null ? 0 : b.createSharedString(origin.book());
    return FbAccountCommand.createFbAccountCommand(b, kind, asset, amount, requestId, replyTo, holdId, creditAsset,
        creditAmount, originBook, origin == null ? 0 : origin.seq(), changes, boundTo);
  }

  static AccountCommand decodeCommand(byte[] bytes, Function<String, ActorRef<AccountReply>> stringToRef) {
    FbAccountCommand c = FbAccountCommand.getRootAsFbAccountCommand(ByteBuffer.wrap(bytes));
    return new AccountCommand(request(c), stringToRef.apply(c.replyTo()));
  }

  private static AccountRequest request(FbAccountCommand c) {
    AccountRequest.Origin origin = origin(c.originBook(), c.originSeq());
    return switch (c.kind()) {
      case FbAccountCommandKind.DEPOSIT -> new AccountRequest.Deposit(c.asset(), c.amount(), c.requestId());
      case FbAccountCommandKind.WITHDRAW -> new AccountRequest.Withdraw(c.asset(), c.amount(), c.requestId());
      case FbAccountCommandKind.GET_BALANCES -> new AccountRequest.GetBalances();
      case FbAccountCommandKind.HOLD -> new AccountRequest.Hold(c.holdId(), c.asset(), c.amount());
      case FbAccountCommandKind.RELEASE -> new AccountRequest.Release(c.holdId(), c.requestId(), c.amount(), origin);
      case FbAccountCommandKind.SETTLE ->
          new AccountRequest.Settle(c.holdId(), c.requestId(), c.amount(), c.creditAsset(), c.creditAmount(), origin);
      case FbAccountCommandKind.CREDIT -> new AccountRequest.Credit(c.asset(), c.amount(), c.requestId(), origin);
      case FbAccountCommandKind.BIND -> new AccountRequest.Bind(c.holdId(), c.boundTo(), c.requestId(), origin);
      case FbAccountCommandKind.APPLY -> {
        List<AccountRequest> changes = new ArrayList<>(c.changesLength());
        for (int i = 0; i < c.changesLength(); i++) {
          changes.add(request(c.changes(i)));
        }
        yield new AccountRequest.Apply(changes);
      }
      default -> throw new IllegalArgumentException("account command kind " + c.kind());
    };
  }

  static byte[] encode(AccountReply r) {
    FlatBufferBuilder b = new FlatBufferBuilder(128);
    if (r instanceof AccountReply.Applied a) {
      int[] reasons = new int[a.refusals().size()];
      for (int i = 0; i < reasons.length; i++) {
        reasons[i] = b.createString(a.refusals().get(i));
      }
      int refusals = FbAccountReply.createRefusalsVector(b, reasons);
      b.finish(FbAccountReply.createFbAccountReply(b, 0, 0, false, true, refusals));
      return b.sizedByteArray();
    }
    int reason = r instanceof AccountReply.Refused x ? b.createString(x.reason()) : 0;
    int balances = balances(b, r instanceof AccountReply.Refused x ? x.balances() : ((AccountReply.Balances) r).balances());
    boolean duplicate = r instanceof AccountReply.Balances x && x.duplicate();
    b.finish(FbAccountReply.createFbAccountReply(b, reason, balances, duplicate, false, 0));
    return b.sizedByteArray();
  }

  static AccountReply decodeReply(byte[] bytes) {
    FbAccountReply r = FbAccountReply.getRootAsFbAccountReply(ByteBuffer.wrap(bytes));
    if (r.applied()) {
      List<String> refusals = new ArrayList<>(r.refusalsLength());
      for (int i = 0; i < r.refusalsLength(); i++) {
        refusals.add(r.refusals(i));
      }
      return new AccountReply.Applied(refusals);
    }
    Map<String, AccountReply.Balance> balances = balances(r.balancesLength(), r::balances);
    return r.refusedReason() != null ? new AccountReply.Refused(r.refusedReason(), balances)
        : new AccountReply.Balances(balances, r.duplicate());
  }

  static byte[] encode(SettlementProgress p) {
    FlatBufferBuilder b = new FlatBufferBuilder(16);
    b.finish(FbSettlementProgress.createFbSettlementProgress(b, p.sequenceNr()));
    return b.sizedByteArray();
  }

  static SettlementProgress decodeProgress(byte[] bytes) {
    return new SettlementProgress(FbSettlementProgress.getRootAsFbSettlementProgress(ByteBuffer.wrap(bytes)).sequenceNr());
  }
}
