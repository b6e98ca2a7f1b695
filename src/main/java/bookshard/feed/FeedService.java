package bookshard.feed;

import bookshard.codec.FeedCodec;
import bookshard.protocol.FeedRequest;
import java.util.OptionalLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamRefs;

/**
 * An engine node's streams for members without a journal (clients): each {@link FeedRequest} is
 * run here as the node's own SSE and WebSocket streams are, from the journal, and answered with a
 * stream reference, so the client reads it across the cluster with back-pressure.
 */
public final class FeedService {
  private FeedService() {}

  public static Behavior<FeedRequest> create(MarketData marketData) {
    return Behaviors.receive((ctx, r) -> {
      ActorSystem<?> system = ctx.getSystem();
      r.replyTo().tell(encoded(marketData, r).runWith(StreamRefs.sourceRef(), system));
      return Behaviors.same();
    });
  }

  private static Source<byte[], NotUsed> encoded(MarketData marketData, FeedRequest r) {
    OptionalLong after = r.after() == FeedRequest.FROM_NOW ? OptionalLong.empty() : OptionalLong.of(r.after());
    return switch (r.stream()) {
      case TRADES -> marketData.trades(r.symbol(), after).map(t -> FeedCodec.trade(t, false));
      case DEPTH -> marketData.depth(r.symbol()).map(m -> m instanceof DepthMessage.Snapshot s
          ? FeedCodec.depthSnapshot(r.symbol(), s.sequenceNr(), s.bids(), s.asks(), s.checksum())
          : FeedCodec.depth(r.symbol(), m.sequenceNr(), ((DepthMessage.Update) m).changes(), m.checksum()));
      case ORDERS -> marketData.accountEvents(r.symbol(), r.account(), after)
          .map(e -> FeedCodec.accountEvent(e.position(), e.event()));
    };
  }
}
