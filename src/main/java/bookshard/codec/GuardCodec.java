package bookshard.codec;

import bookshard.codec.fb.FbGuardArm;
import bookshard.codec.fb.FbGuardEvent;
import bookshard.codec.fb.FbGuardEventKind;
import bookshard.codec.fb.FbGuardReply;
import bookshard.codec.fb.FbGuardState;
import bookshard.protocol.GuardCommand;
import bookshard.protocol.GuardEvent;
import bookshard.protocol.GuardReply;
import bookshard.protocol.GuardState;
import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/** The dead-man's switch's events, command and reply as FlatBuffers ({@code schema/guard.fbs}). */
final class GuardCodec {
  private GuardCodec() {}

  static byte[] encode(GuardEvent e) {
    FlatBufferBuilder b = new FlatBufferBuilder(32);
    byte kind;
    long deadline;
    if (e instanceof GuardEvent.Armed a) {
      kind = FbGuardEventKind.ARMED;
      deadline = a.deadlineMillis();
    } else if (e instanceof GuardEvent.Disarmed) {
      kind = FbGuardEventKind.DISARMED;
      deadline = 0;
    } else if (e instanceof GuardEvent.Fired f) {
      kind = FbGuardEventKind.FIRED;
      deadline = f.deadlineMillis();
    } else if (e instanceof GuardEvent.CancelsDelivered d) {
      kind = FbGuardEventKind.CANCELS_DELIVERED;
      deadline = d.deadlineMillis();
    } else {
      throw new IllegalArgumentException("no encoding for " + e);
    }
    FbGuardEvent.finishFbGuardEventBuffer(b, FbGuardEvent.createFbGuardEvent(b, kind, deadline));
    return b.sizedByteArray();
  }

  static GuardEvent decodeEvent(byte[] bytes) {
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    if (!FbGuardEvent.FbGuardEventBufferHasIdentifier(bb)) {
      throw new IllegalArgumentException("not a guard event (file identifier BSGD missing)");
    }
    FbGuardEvent e = FbGuardEvent.getRootAsFbGuardEvent(bb);
    return switch (e.kind()) {
      case FbGuardEventKind.ARMED -> new GuardEvent.Armed(e.deadlineMillis());
      case FbGuardEventKind.DISARMED -> new GuardEvent.Disarmed();
      case FbGuardEventKind.FIRED -> new GuardEvent.Fired(e.deadlineMillis());
      case FbGuardEventKind.CANCELS_DELIVERED -> new GuardEvent.CancelsDelivered(e.deadlineMillis());
      default -> throw new IllegalArgumentException("guard event kind " + e.kind());
    };
  }

  static byte[] encode(GuardState s) {
    FlatBufferBuilder b = new FlatBufferBuilder(32);
    b.finish(FbGuardState.createFbGuardState(b, s.deadlineMillis(), s.firedDeadlineMillis()));
    return b.sizedByteArray();
  }

  static GuardState decodeState(byte[] bytes) {
    FbGuardState s = FbGuardState.getRootAsFbGuardState(ByteBuffer.wrap(bytes));
    return new GuardState(s.deadlineMillis(), s.firedDeadlineMillis());
  }

  static byte[] encode(GuardCommand.Arm a, Function<ActorRef<?>, String> refToString) {
    FlatBufferBuilder b = new FlatBufferBuilder(128);
    int account = b.createString(a.account());
    int replyTo = b.createString(refToString.apply(a.replyTo()));
    b.finish(FbGuardArm.createFbGuardArm(b, account, a.timeoutMillis(), replyTo));
    return b.sizedByteArray();
  }

  static GuardCommand.Arm decodeArm(byte[] bytes, Function<String, ActorRef<GuardReply>> stringToRef) {
    FbGuardArm a = FbGuardArm.getRootAsFbGuardArm(ByteBuffer.wrap(bytes));
    return new GuardCommand.Arm(a.account(), a.timeoutMillis(), stringToRef.apply(a.replyTo()));
  }

  static byte[] encode(GuardReply r) {
    FlatBufferBuilder b = new FlatBufferBuilder(64);
    int account = b.createString(r.account());
    b.finish(FbGuardReply.createFbGuardReply(b, account, r.deadlineMillis(), r.currentTimeMillis()));
    return b.sizedByteArray();
  }

  static GuardReply decodeReply(byte[] bytes) {
    FbGuardReply r = FbGuardReply.getRootAsFbGuardReply(ByteBuffer.wrap(bytes));
    return new GuardReply(r.account(), r.deadlineMillis(), r.currentTimeMillis());
  }
}
