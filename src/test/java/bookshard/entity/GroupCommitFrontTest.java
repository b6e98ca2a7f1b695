package bookshard.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The group-commit front that books and account ledgers share, against a writer the test drives:
 * each batch it receives is reported to a probe, and confirmed (or not) by the test; a batch
 * holding "fail" stops the writer, as a failed journal write stops a book or a ledger.
 */
class GroupCommitFrontTest {
  /** Timers fire only when the test moves the clock: backoffs and timeouts are checked exactly, not by wall time. */
  private static final ActorTestKit KIT = ActorTestKit.create(ManualTime.config());
  private static final ManualTime CLOCK = ManualTime.get(KIT.system());

  record Command(String name, ActorRef<String> replyTo) {}

  record Batch(long no, List<Command> commands, ActorRef<GroupCommit.Written> done) {}

  /** What the writer saw: a batch, and which incarnation of the writer saw it. */
  record Seen(Batch batch, String writer) {
    List<String> names() {
      return batch.commands().stream().map(Command::name).toList();
    }

    void confirm() {
      batch.done().tell(new GroupCommit.Written(batch.no()));
    }
  }

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private final TestProbe<Seen> writes = KIT.createTestProbe();
  private final TestProbe<String> replies = KIT.createTestProbe();

  private ActorRef<Object> front(int maxQueued, int maxBatch, Duration batchTimeout) {
    java.util.function.Supplier<Behavior<Batch>> writer = () -> Behaviors.setup(ctx -> Behaviors.receiveMessage(b -> {
      writes.ref().tell(new Seen(b, ctx.getSelf().path().name()));
      return b.commands().stream().anyMatch(c -> c.name().equals("fail")) ? Behaviors.stopped() : Behaviors.same();
    }));
    GroupCommit.Settings settings = new GroupCommit.Settings(maxQueued, maxBatch, batchTimeout,
        Duration.ofMillis(100), Duration.ofSeconds(1));
    return KIT.spawn(Behaviors.<Object>setup(ctx -> Behaviors.withTimers(timers ->
        new GroupCommit<>(ctx, timers, "writer", new LogContext("writer", "test"), Command.class, writer, Batch::new, settings,
            (GroupCommit.Sink<Command>) c -> c.replyTo().tell("overloaded " + c.name())).behavior().build())));
  }

  /** A front whose messages named "a+b+c" hold three commands (as a book's batch from a client member does). */
  private ActorRef<Object> unpackingFront(int maxQueued) {
    java.util.function.Supplier<Behavior<Batch>> writer = () -> Behaviors.receiveMessage(b -> {
      writes.ref().tell(new Seen(b, "w"));
      return Behaviors.same();
    });
    GroupCommit.Settings settings = new GroupCommit.Settings(maxQueued, 100, Duration.ofSeconds(30),
        Duration.ofMillis(100), Duration.ofSeconds(1));
    GroupCommit.Sink<Command> sink = new GroupCommit.Sink<>() {
      @Override
      public void overloaded(Command c) {
        c.replyTo().tell("overloaded " + c.name());
      }

      @Override
      public List<Command> unpack(Command c) {
        return c.name().contains("+")
            ? java.util.Arrays.stream(c.name().split("\\+")).map(n -> new Command(n, c.replyTo())).toList() : null;
      }
    };
    return KIT.spawn(Behaviors.<Object>setup(ctx -> Behaviors.withTimers(timers ->
        new GroupCommit<>(ctx, timers, "writer", new LogContext("writer", "test"), Command.class, writer, Batch::new, settings, sink).behavior().build())));
  }

  @Test
  void aMessageHoldingSeveralCommandsIsQueuedAsIfEachCameAloneEachOverloadedAlone() {
    ActorRef<Object> front = unpackingFront(3);
    send(front, "a+b");
    Seen first = writes.receiveMessage();
    assertEquals(List.of("a", "b"), first.names(), "one message, two commands in the batch");
    send(front, "c+d+e+f");
    assertEquals("overloaded f", replies.receiveMessage(), "the queue holds 3: the fourth command alone is refused");
    first.confirm();
    assertEquals(List.of("c", "d", "e"), writes.receiveMessage().names());
  }

  @Test
  void aCommandThatWaitedLongerThanMaxWaitIsRefusedWhenItsTurnComesAndNeverWritten() {
    java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
    java.util.function.Supplier<Behavior<Batch>> writer = () -> Behaviors.receiveMessage(b -> {
      writes.ref().tell(new Seen(b, "w"));
      return Behaviors.same();
    });
    GroupCommit.Settings settings = new GroupCommit.Settings(100, 100, Duration.ofSeconds(30),
        Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(2));
    ActorRef<Object> front = KIT.spawn(Behaviors.<Object>setup(ctx -> Behaviors.withTimers(timers ->
        new GroupCommit<>(ctx, timers, "writer", new LogContext("writer", "test"), Command.class, writer, Batch::new, settings,
            (GroupCommit.Sink<Command>) c -> c.replyTo().tell("overloaded " + c.name()), nanos::get).behavior().build())));
    send(front, "a");
    Seen first = writes.receiveMessage();
    send(front, "b", "c");
    // The front reads the clock when it takes a command: let it take these before the clock moves.
    writes.expectNoMessage(Duration.ofMillis(300));
    nanos.addAndGet(Duration.ofMillis(1_500).toNanos());
    send(front, "d");
    writes.expectNoMessage(Duration.ofMillis(300));
    // The write of "a" took 2.5 s in all: b and c waited 2.5 s, d only 1 s.
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    first.confirm();
    assertEquals("overloaded b", replies.receiveMessage());
    assertEquals("overloaded c", replies.receiveMessage());
    assertEquals(List.of("d"), writes.receiveMessage().names(), "only what waited less than maxWait is written");
  }

  private void send(ActorRef<Object> front, String... names) {
    for (String n : names) {
      front.tell(new Command(n, replies.ref()));
    }
  }

  @Test
  void whatWaitsWhileABatchIsWrittenGoesAsTheNextBatchInOrderUpToMaxBatch() {
    ActorRef<Object> front = front(100, 2, Duration.ofSeconds(30));
    send(front, "a");
    Seen first = writes.receiveMessage();
    assertEquals(List.of("a"), first.names());
    send(front, "b", "c", "d");
    writes.expectNoMessage(Duration.ofMillis(200));
    first.confirm();
    Seen second = writes.receiveMessage();
    assertEquals(List.of("b", "c"), second.names(), "at most maxBatch, oldest first");
    second.confirm();
    Seen third = writes.receiveMessage();
    assertEquals(List.of("d"), third.names());
    assertEquals(List.of(1L, 2L, 3L), List.of(first.batch().no(), second.batch().no(), third.batch().no()));
    third.confirm();
    writes.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aFullQueueAnswersOverloadedAtOnceAndKeepsWhatItHolds() {
    ActorRef<Object> front = front(2, 10, Duration.ofSeconds(30));
    send(front, "a");
    Seen first = writes.receiveMessage();
    send(front, "b", "c", "d", "e");
    assertEquals("overloaded d", replies.receiveMessage());
    assertEquals("overloaded e", replies.receiveMessage());
    first.confirm();
    assertEquals(List.of("b", "c"), writes.receiveMessage().names());
  }

  @Test
  void aStoppedWriterIsStartedAgainAfterABackoffThatDoublesWhileFailuresRepeat() throws Exception {
    ActorRef<Object> front = front(100, 10, Duration.ofSeconds(30));
    send(front, "fail");
    Seen failed = writes.receiveMessage();
    send(front, "fail");
    Seen failedAgain = afterExactly(Duration.ofMillis(100));
    assertNotEquals(failed.writer(), failedAgain.writer(), "a new incarnation took the queue");
    send(front, "x", "y");
    Seen next = afterExactly(Duration.ofMillis(200));
    assertEquals(List.of("x", "y"), next.names(), "nothing queued is lost");
    next.confirm();
    // A confirmed write resets the backoff.
    send(front, "fail");
    writes.receiveMessage();
    send(front, "z");
    assertEquals(List.of("z"), afterExactly(Duration.ofMillis(100)).names());
  }

  /** The next batch the writer sees once {@code delay} has passed on the clock, and not a millisecond before. */
  private Seen afterExactly(Duration delay) throws InterruptedException {
    Thread.sleep(200); // the front hears of the stop (and starts its timer) asynchronously
    CLOCK.expectNoMessageFor(delay.minusMillis(1), writes);
    CLOCK.timePasses(Duration.ofMillis(1));
    return writes.receiveMessage();
  }

  @Test
  void aBatchNeverConfirmedIsGivenUpAfterTheTimeoutAndTheQueueMovesOn() {
    ActorRef<Object> front = front(100, 10, Duration.ofMillis(300));
    send(front, "lost");
    Seen lost = writes.receiveMessage();
    send(front, "next");
    CLOCK.expectNoMessageFor(Duration.ofMillis(299), writes);
    CLOCK.timePasses(Duration.ofMillis(1));
    Seen next = writes.receiveMessage();
    assertEquals(List.of("next"), next.names());
    // A late confirmation of the given-up batch changes nothing: the next batch still waits for its own.
    lost.confirm();
    send(front, "after");
    writes.expectNoMessage(Duration.ofMillis(150));
    next.confirm();
    assertEquals(List.of("after"), writes.receiveMessage().names());
  }
}
