package bookshard.feed;

import bookshard.async.OnCompletingThread;
import bookshard.book.BookEvent.TradeExecuted;
import bookshard.book.BookEvent;
import bookshard.book.DepthBook;
import bookshard.book.DepthChecksum;
import bookshard.book.DepthTracker;
import bookshard.book.EventBatch;
import bookshard.book.LevelView;
import bookshard.codec.SnapshotCodec;
import bookshard.protocol.BookIds;
import bookshard.protocol.SnapshotBytes;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Market data read from the journal, never from a live book: only what is durable is published,
 * every node can serve every symbol, and a stream does not notice its book moving to another
 * node. Streams follow the book's events by persistence id (no tags: tagging every event would
 * cost the write path a second insert), all streams of a book on a node sharing one poll.
 */
public final class MarketData {
  /** Events read per query while looking for where a resumed trade stream starts. */
  private static final int PROBE_WINDOW = 256;

  private final ActorSystem<?> system;
  private final JdbcReadJournal journal;
  private final LiveBookEvents events;
  private final SharedDepth shared;
  private final org.apache.pekko.actor.ActorRef snapshotStore;
  private final MeterRegistry meters;
  private final Map<String, AtomicInteger> subscribers = new ConcurrentHashMap<>();
  /** From a trade's decision (its timestamp) to a stream sending it: what a market data client waits. */
  private final Timer tradeDelay;

  public MarketData(ActorSystem<?> system, FeedSettings settings) {
    this(system, settings, new SimpleMeterRegistry());
  }

  public MarketData(ActorSystem<?> system, FeedSettings settings, MeterRegistry meters) {
    this.meters = meters;
    this.tradeDelay = Timer.builder("bookshard.feed.trade.delay").publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10)).register(meters);
    this.system = system;
    this.journal = PersistenceQuery.get(Adapter.toClassic(system))
        .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
    this.events = new LiveBookEvents(system, journal, settings.readerBuffer(), settings.backstopPoll());
    this.snapshotStore = Persistence.get(Adapter.toClassic(system)).snapshotStoreFor("", ConfigFactory.empty());
    this.shared = new SharedDepth(system, this::latestSnapshot,
        pid -> OnCompletingThread.of(journal.currentLastSequenceNumberByPersistenceId(pid)).thenApply(last -> last.orElse(0L)),
        events::from, settings.depthIdle());
    meters.gauge("bookshard.feed.depth.books", shared, SharedDepth::followed);
  }

  /** Counts the stream's subscribers (materializations still running) in a gauge per kind. */
  private <T> Source<T, NotUsed> counted(String stream, Source<T, NotUsed> source) {
    AtomicInteger open = subscribers.computeIfAbsent(stream,
        k -> meters.gauge("bookshard.feed.subscribers", Tags.of("stream", k), new AtomicInteger()));
    return source.watchTermination((mat, done) -> {
      open.incrementAndGet();
      done.whenComplete((d, t) -> open.decrementAndGet());
      return mat;
    });
  }

  private static String persistenceId(String symbol) {
    return BookIds.persistenceId(symbol).id();
  }

  /**
   * Trades in match id order without end: those after {@code afterMatchId}, or with it empty,
   * those from now on. Fails (and the client reconnects) rather than skip a match id.
   */
  public Source<TradeExecuted, NotUsed> trades(String symbol, OptionalLong afterMatchId) {
    String pid = persistenceId(symbol);
    long after = afterMatchId.orElse(-1);
    CompletionStage<Long> from = afterMatchId.isEmpty()
        ? OnCompletingThread.of(journal.currentLastSequenceNumberByPersistenceId(pid)).thenApply(last -> last.orElse(0L) + 1)
        : sequenceNrAfterTrade(pid, after);
    CompletionStage<Source<TradeExecuted, NotUsed>> source = from
        .thenApply(seq -> tradesAfter(events.from(pid, seq), after)
            .statefulMap(() -> after < 0 ? -1L : after + 1, (expected, t) -> {
              if (expected >= 0 && t.matchId() != expected) {
                throw new IllegalStateException(symbol + ": match id " + t.matchId() + " where " + expected + " was due");
              }
              return Pair.create(t.matchId() + 1, t);
            }, expected -> Optional.empty()));
    return counted("trades", Source.completionStageSource(source).mapMaterializedValue(m -> NotUsed.notUsed())
        .map(t -> {
          tradeDelay.record(Math.max(0, System.currentTimeMillis() - t.timestampMillis()), TimeUnit.MILLISECONDS);
          return t;
        }));
  }

  /**
   * Up to {@code limit} trades in (afterMatchId, upToMatchId], oldest first, read from the
   * journal; the upper bound keeps the answer consistent with the book's reported last match id.
   */
  public CompletionStage<List<TradeExecuted>> tradesAfter(String symbol, long afterMatchId, long upToMatchId, int limit) {
    String pid = persistenceId(symbol);
    return sequenceNrAfterTrade(pid, afterMatchId)
        .thenCompose(from -> OnCompletingThread.of(tradesAfter(journal.currentEventsByPersistenceId(pid, from, Long.MAX_VALUE), afterMatchId)
            .takeWhile(t -> t.matchId() <= upToMatchId)
            .take(limit)
            .runWith(Sink.seq(), system)));
  }

  private static Source<TradeExecuted, NotUsed> tradesAfter(Source<EventEnvelope, NotUsed> rows, long afterMatchId) {
    return rows.mapConcat(env -> {
      List<TradeExecuted> trades = new ArrayList<>();
      for (BookEvent e : ((EventBatch) env.event()).events()) {
        if (e instanceof TradeExecuted t && t.matchId() > afterMatchId) {
          trades.add(t);
        }
      }
      return trades;
    });
  }

  /** The row's events with their positions (a row of the first schema is placed by its sequence number). */
  private static EventBatch batchOf(EventEnvelope env) {
    return ((EventBatch) env.event()).placedAt(env.sequenceNr());
  }

  private static TradeExecuted firstTradeOf(EventEnvelope env) {
    for (BookEvent e : ((EventBatch) env.event()).events()) {
      if (e instanceof TradeExecuted t) {
        return t;
      }
    }
    return null;
  }

  /** The sequence number of the first journal row that may hold a trade after {@code matchId}. */
  private CompletionStage<Long> sequenceNrAfterTrade(String pid, long matchId) {
    // Row s - 1 is the last whose first trade is at most matchId, and it may hold later trades
    // too (a row is a batch); readers skip what is not after matchId.
    return OnCompletingThread.of(journal.currentLastSequenceNumberByPersistenceId(pid))
        .thenCompose(last -> startOf(pid, matchId, 1, last.orElse(0L) + 1))
        .thenApply(s -> Math.max(1, s - 1));
  }

  private record SeqTrade(long sequenceNr, long matchId) {}

  /**
   * The first row after the rows that hold only trades up to {@code x}: bisects [lo, hi) on
   * "the first trade at or after row s has a match id above x (or there is none)", which turns
   * true at the row s just past the last row whose first trade is at most x.
   */
  private CompletionStage<Long> startOf(String pid, long x, long lo, long hi) {
    if (lo >= hi) {
      return CompletableFuture.completedFuture(lo);
    }
    long mid = lo + (hi - lo) / 2;
    return firstTrade(pid, mid, hi).thenCompose(t -> t == null || t.matchId() > x
        ? startOf(pid, x, lo, mid)
        : startOf(pid, x, t.sequenceNr() + 1, hi));
  }

  private CompletionStage<SeqTrade> firstTrade(String pid, long from, long hi) {
    if (from >= hi) {
      return CompletableFuture.completedFuture(null);
    }
    long to = Math.min(hi - 1, from + PROBE_WINDOW - 1);
    return OnCompletingThread.of(journal.currentEventsByPersistenceId(pid, from, to)
        .filter(env -> firstTradeOf(env) != null)
        .take(1)
        .runWith(Sink.headOption(), system))
        .thenCompose(found -> found.isPresent()
            ? CompletableFuture.completedFuture(new SeqTrade(found.get().sequenceNr(), firstTradeOf(found.get()).matchId()))
            : firstTrade(pid, to + 1, hi));
  }

  /**
   * The book's full L2 depth as of the latest durable event, then one update per later event
   * that changes a level. One copy of the book per node serves every subscriber ({@link SharedDepth}).
   */
  public Source<DepthMessage, NotUsed> depth(String symbol) {
    return counted("depth", shared.subscribe(symbol, SharedDepth.Kind.DEPTH));
  }

  /** The best bid and offer (null: that side is empty) at an event position. */
  public record BestBidOffer(long position, LevelView bid, LevelView ask) {}

  /**
   * The best bid and offer as of the latest durable event, then again after each event that
   * changes either (its price, quantity or order count): a light feed for clients that need no
   * depth.
   */
  public Source<BestBidOffer, NotUsed> bestBidOffer(String symbol) {
    return counted("bbo", shared.subscribe(symbol, SharedDepth.Kind.BBO));
  }

  /** One of an account's events in a book, at its event position. */
  public record AccountEvent(long position, BookEvent event) {}

  /**
   * One account's events in one book, without end: after {@code afterPosition} (every one, from
   * the journal: a reconnecting client misses none and sees none twice), or with it empty, from
   * now on. The first element is always a marker at the position the stream starts after
   * ({@code event} null), so a client knows where to resume even before anything happens.
   */
  public Source<AccountEvent, NotUsed> accountEvents(String symbol, String account, OptionalLong afterPosition) {
    return counted("orders", ownEvents(symbol, account::equals, afterPosition));
  }

  /** As {@link #accountEvents}, for every account {@code owns} accepts: one stream for a gateway's accounts. */
  public Source<AccountEvent, NotUsed> accountsEvents(String symbol, java.util.function.Predicate<String> owns,
      OptionalLong afterPosition) {
    return ownEvents(symbol, owns, afterPosition);
  }

  private Source<AccountEvent, NotUsed> ownEvents(String symbol, java.util.function.Predicate<String> owns,
      OptionalLong afterPosition) {
    String pid = persistenceId(symbol);
    // Rows name their orders' accounts, so the stream reads rows from where it starts: no snapshot, no copy of the book.
    CompletionStage<long[]> start = afterPosition.isPresent()
        ? rowOfPosition(pid, afterPosition.getAsLong() + 1).thenApply(row -> new long[] {row, afterPosition.getAsLong()})
        : lastRow(pid);
    CompletionStage<Source<AccountEvent, NotUsed>> source = start.thenApply(at -> {
      AccountEvents filter = new AccountEvents(owns, at[1]);
      return Source.single(new AccountEvent(at[1], null))
          .concat(events.from(pid, at[0]).mapConcat(env -> filter.apply(batchOf(env)).stream()
              .map(o -> new AccountEvent(o.position(), o.event())).toList()));
    });
    return Source.completionStageSource(source).mapMaterializedValue(m -> NotUsed.notUsed());
  }

  /**
   * A page of one account's events in one book after {@code afterPosition}, oldest first, at most
   * {@code limit}, read from the journal as it is now: the account's order and fill history.
   * Reads the rows from the one holding the next position on, found by bisecting the rows.
   */
  public CompletionStage<List<AccountEvent>> accountHistory(String symbol, String account, long afterPosition, int limit) {
    String pid = persistenceId(symbol);
    return rowOfPosition(pid, afterPosition + 1).thenCompose(row -> {
      AccountEvents filter = new AccountEvents(account, afterPosition);
      return OnCompletingThread.of(journal.currentEventsByPersistenceId(pid, row, Long.MAX_VALUE)
          .mapConcat(env -> filter.apply(batchOf(env)))
          .take(limit)
          .map(o -> new AccountEvent(o.position(), o.event()))
          .runWith(Sink.seq(), system));
    });
  }

  /** The row after the last durable one, and the last durable event position (0 and 0 for a book never written). */
  private CompletionStage<long[]> lastRow(String pid) {
    return OnCompletingThread.of(journal.currentLastSequenceNumberByPersistenceId(pid)).thenCompose(last -> {
      long row = last.orElse(0L);
      if (row == 0) {
        return CompletableFuture.completedFuture(new long[] {1, 0});
      }
      return OnCompletingThread.of(journal.currentEventsByPersistenceId(pid, row, row).runWith(Sink.headOption(), system))
          .thenApply(env -> new long[] {row + 1, env.map(e -> batchOf(e).lastPosition()).orElse(0L)});
    });
  }

  /**
   * The row holding event position {@code position}: rows' positions grow with their sequence
   * numbers, so this bisects on each probed row's first position (one row read per probe). Past
   * the last position: the last row (its events are all at or before it, so a reader skips them).
   */
  private CompletionStage<Long> rowOfPosition(String pid, long position) {
    return OnCompletingThread.of(journal.currentLastSequenceNumberByPersistenceId(pid))
        .thenCompose(last -> lastRowStartingAtOrBefore(pid, position, 1, last.orElse(0L) + 1))
        .thenApply(s -> Math.max(1, s));
  }

  /** The last row in [lo, hi) whose first position is at most {@code position}; {@code lo - 1} if none. */
  private CompletionStage<Long> lastRowStartingAtOrBefore(String pid, long position, long lo, long hi) {
    if (lo >= hi) {
      return CompletableFuture.completedFuture(lo - 1);
    }
    long mid = lo + (hi - lo) / 2;
    return firstPositionOf(pid, mid).thenCompose(p -> p <= position
        ? lastRowStartingAtOrBefore(pid, position, mid + 1, hi).thenApply(found -> Math.max(found, mid))
        : lastRowStartingAtOrBefore(pid, position, lo, mid));
  }

  /** Row {@code sequenceNr}'s first event position; {@code Long.MAX_VALUE} if it is not there (deleted). */
  private CompletionStage<Long> firstPositionOf(String pid, long sequenceNr) {
    return OnCompletingThread.of(journal.currentEventsByPersistenceId(pid, sequenceNr, sequenceNr)
        .runWith(Sink.headOption(), system))
        .thenApply(env -> env.map(e -> batchOf(e).firstPosition()).orElse(Long.MAX_VALUE));
  }

  /**
   * An account's balances, then each change of them (the assets a ledger row changed), from its
   * ledger's journal; after {@code afterPosition} (a ledger row) only the changes after it.
   */
  public Source<BalanceUpdate, NotUsed> balances(String account, OptionalLong afterPosition) {
    return counted("balances", BalanceStream.of(system, journal, snapshotStore, account, afterPosition)
        .map(u -> new BalanceUpdate(u.position(), u.balances())));
  }

  /** The balances of some assets (all of them, in a stream's first update) as of ledger row {@code position}. */
  public record BalanceUpdate(long position, Map<String, bookshard.protocol.AccountReply.Balance> balances) {}

  /** A journal row: its events, and the depth updates they made (one per event that changed a level). */
  public record Row(long sequenceNr, EventBatch batch, List<DepthMessage> depth) {}

  /**
   * Every journal row of a book after row {@code afterSequenceNr}, without end, each once and
   * in order, with the depth updates of its events: what a publisher that stored how far it got
   * sends on. The book's levels for the depth updates are rebuilt as they were at that row (from a
   * snapshot not past it, else from the journal's start).
   */
  public Source<Row, NotUsed> rowsAfter(String symbol, long afterSequenceNr) {
    String pid = persistenceId(symbol);
    CompletionStage<Source<Row, NotUsed>> source = latestSnapshot(pid).thenCompose(snap -> {
      SharedDepth.Start start = snap.sequenceNr() > afterSequenceNr ? new SharedDepth.Start(new DepthBook(), 0, 0) : snap;
      DepthBook book = start.book();
      return OnCompletingThread.of(journal.currentEventsByPersistenceId(pid, start.sequenceNr() + 1, afterSequenceNr)
          .runForeach(env -> batchOf(env).events().forEach(book::apply), system))
          .thenApply(caughtUp -> {
            DepthTracker tracker = new DepthTracker(book);
            return rows(symbol, afterSequenceNr)
                .map(row -> new Row(row.sequenceNr(), row.batch(), updatesFor(tracker, row.batch())));
          });
    });
    return Source.completionStageSource(source).mapMaterializedValue(m -> NotUsed.notUsed());
  }

  /** Every journal row of a book after row {@code afterSequenceNr}: what is durable now, then what is written, live. */
  public Source<bookshard.protocol.JournalTail.Row, NotUsed> rows(String symbol, long afterSequenceNr) {
    return events.from(persistenceId(symbol), afterSequenceNr + 1)
        .map(env -> new bookshard.protocol.JournalTail.Row(env.sequenceNr(), batchOf(env)));
  }

  /** One update per event that changes a level, so every position a client sees is a real book. */
  private static List<DepthMessage> updatesFor(DepthTracker tracker, EventBatch batch) {
    List<DepthMessage> updates = new ArrayList<>();
    long position = batch.firstPosition();
    for (BookEvent e : batch.events()) {
      tracker.apply(e);
      var changes = tracker.drainChanges();
      if (!changes.isEmpty()) {
        updates.add(new DepthMessage.Update(position, changes, DepthChecksum.of(tracker.book())));
      }
      position++;
    }
    return updates;
  }

  /** A snapshot's levels, journal row and event position (-1 in old snapshots: then the row's). */
  private CompletionStage<SharedDepth.Start> latestSnapshot(String pid) {
    var request = new SnapshotProtocol.LoadSnapshot(pid, SnapshotSelectionCriteria.latest(), Long.MAX_VALUE);
    return OnCompletingThread.of(Patterns.ask(snapshotStore, request, Duration.ofSeconds(30))).thenApply(reply -> {
      if (!(reply instanceof SnapshotProtocol.LoadSnapshotResult result)) {
        throw new IllegalStateException("snapshot of " + pid + " could not be loaded: " + reply);
      }
      if (result.snapshot().isEmpty()) {
        return new SharedDepth.Start(new DepthBook(), 0, 0);
      }
      SelectedSnapshot s = result.snapshot().get();
      byte[] bytes = ((SnapshotBytes) s.snapshot()).bytes();
      long position = SnapshotCodec.position(bytes);
      long seqNr = s.metadata().sequenceNr();
      return new SharedDepth.Start(SnapshotCodec.decodeDepth(bytes), seqNr, position < 0 ? seqNr : position);
    });
  }
}
