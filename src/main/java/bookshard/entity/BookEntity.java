package bookshard.entity;

import bookshard.book.BookEvent;
import bookshard.book.NewOrder;
import bookshard.book.OrderView;
import bookshard.book.Outcome;
import bookshard.book.RejectReason;
import bookshard.book.Side;
import bookshard.entity.BookCommand.Amend;
import bookshard.entity.BookCommand.Cancel;
import bookshard.entity.BookCommand.GetBook;
import bookshard.entity.BookCommand.GetOrder;
import bookshard.entity.BookCommand.GetRestingOrders;
import bookshard.entity.BookCommand.GetTrades;
import bookshard.entity.BookCommand.Place;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One instrument's book as a persistent actor: the only place that writes to the journal.
 * A command is decided by the matching core against the current state; its events are
 * persisted as one atomic write, applied, and only then is the caller answered.
 */
public final class BookEntity
    extends EventSourcedBehaviorWithEnforcedReplies<BookCommand, BookEvent, BookState> {

  public static final EntityTypeKey<BookCommand> TYPE_KEY = EntityTypeKey.create(BookCommand.class, "Book");

  private final BookSettings settings;
  private long lastTimestampMillis;

  public static PersistenceId persistenceId(String symbol) {
    return PersistenceId.of(TYPE_KEY.name(), symbol);
  }

  public static Behavior<BookCommand> create(String symbol, BookSettings settings) {
    return new BookEntity(symbol, settings);
  }

  private BookEntity(String symbol, BookSettings settings) {
    // A failed journal write stops the entity; it restarts from the journal, so the state
    // that was decided but not written is thrown away with it.
    super(persistenceId(symbol),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.settings = settings;
  }

  @Override
  public BookState emptyState() {
    return BookState.empty(settings.recentTrades());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), settings.keepSnapshots());
  }

  @Override
  public EventHandler<BookState, BookEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(BookState::apply);
  }

  @Override
  public CommandHandlerWithReply<BookCommand, BookEvent, BookState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Place.class, this::onPlace)
        .onCommand(Cancel.class, this::onCancel)
        .onCommand(Amend.class, this::onAmend)
        .onCommand(GetBook.class, (s, c) -> Effect().reply(c.replyTo(),
            new BookReply.Book(s.book().depth(Side.BUY, c.depth()), s.book().depth(Side.SELL, c.depth()),
                s.book().lastMatchId(), settings.nodeAddress())))
        .onCommand(GetOrder.class, (s, c) -> {
          OrderView o = s.book().order(c.orderId());
          return Effect().reply(c.replyTo(),
              o == null ? new BookReply.Rejected(RejectReason.UNKNOWN_ORDER) : new BookReply.Order(o));
        })
        .onCommand(GetRestingOrders.class, (s, c) -> Effect().reply(c.replyTo(),
            new BookReply.RestingOrders(s.book().restingOrders(Side.BUY, c.account(), c.limit()),
                s.book().restingOrders(Side.SELL, c.account(), c.limit()),
                s.book().nextOrderId(), s.book().nextMatchId())))
        .onCommand(GetTrades.class, (s, c) -> Effect().reply(c.replyTo(),
            new BookReply.Trades(s.recentTrades().after(c.afterMatchId(), c.limit()), s.book().lastMatchId(),
                s.recentTrades().oldestMatchId())))
        .build();
  }

  /** Event time never goes backwards within a book, whatever the wall clock does. */
  private long now() {
    lastTimestampMillis = Math.max(lastTimestampMillis, settings.clockMillis().getAsLong());
    return lastTimestampMillis;
  }

  private ReplyEffect<BookEvent, BookState> onPlace(BookState state, Place cmd) {
    NewOrder o = cmd.order();
    if (o.clientOrderId() != null) {
      OrderView live = state.book().orderByClientOrderId(o.account(), o.clientOrderId());
      if (live != null && sameContent(live, o)) {
        return Effect().reply(cmd.replyTo(), new BookReply.Accepted(
            new Outcome(live.orderId(), live.status(), live.remainingLots(), List.of()), true));
      }
    }
    List<BookEvent> events = new ArrayList<>(4);
    long orderId = state.book().nextOrderId();
    RejectReason rejected = state.book().place(o, now(), events);
    return persistAndReply(state, cmd.replyTo(), rejected, events, orderId);
  }

  private static boolean sameContent(OrderView live, NewOrder o) {
    return live.side() == o.side() && live.type() == o.type() && live.timeInForce() == o.timeInForce()
        && live.priceTicks() == o.priceTicks() && live.quantityLots() == o.quantityLots()
        && Objects.equals(live.clientOrderId(), o.clientOrderId());
  }

  private ReplyEffect<BookEvent, BookState> onCancel(BookState state, Cancel cmd) {
    List<BookEvent> events = new ArrayList<>(1);
    RejectReason rejected = state.book().cancel(cmd.orderId(), cmd.account(), now(), events);
    return persistAndReply(state, cmd.replyTo(), rejected, events, cmd.orderId());
  }

  private ReplyEffect<BookEvent, BookState> onAmend(BookState state, Amend cmd) {
    List<BookEvent> events = new ArrayList<>(4);
    RejectReason rejected =
        state.book().amend(cmd.orderId(), cmd.account(), cmd.priceTicks(), cmd.quantityLots(), now(), events);
    return persistAndReply(state, cmd.replyTo(), rejected, events, cmd.orderId());
  }

  private ReplyEffect<BookEvent, BookState> persistAndReply(
      BookState state, ActorRef<BookReply> replyTo, RejectReason rejected, List<BookEvent> events,
      long orderId) {
    if (rejected != null) {
      return Effect().reply(replyTo, new BookReply.Rejected(rejected));
    }
    if (events.isEmpty()) {
      return Effect().reply(replyTo, new BookReply.Accepted(Outcome.of(orderId, events, state.book()), false));
    }
    return Effect().persist(events)
        .thenReply(replyTo, s -> new BookReply.Accepted(Outcome.of(orderId, events, s.book()), false));
  }
}
