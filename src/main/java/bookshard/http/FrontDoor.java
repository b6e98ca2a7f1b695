package bookshard.http;

import bookshard.async.OnCompletingThread;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.event.Logging;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.TLSPlacebo;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * The HTTP listener: pekko-http's server layer on each TCP connection, as {@code Http.bind} puts
 * it together, with a {@link FirstRequestGuard} in front of the parser. max-connections, backlog
 * and idle-timeout are pekko-http's own settings.
 */
public final class FrontDoor {
  private final Tcp.ServerBinding binding;
  private final SharedKillSwitch connections;

  private FrontDoor(Tcp.ServerBinding binding, SharedKillSwitch connections) {
    this.binding = binding;
    this.connections = connections;
  }

  public static CompletionStage<FrontDoor> bind(
      ActorSystem<?> system, Function<HttpRequest, CompletionStage<HttpResponse>> handle, HttpSettings settings) {
    var classic = Adapter.toClassic(system);
    ServerSettings server = ServerSettings.create(classic);
    Materializer mat = Materializer.matFromSystem(system);
    // One request at a time per connection, as Route.flow does; a pipelined request waits its turn.
    Flow<HttpRequest, HttpResponse, NotUsed> handler = Flow.of(HttpRequest.class).mapAsync(1, handle::apply);
    SharedKillSwitch kill = KillSwitches.shared("http-connections");
    HalfOpenConnections halfOpen = new HalfOpenConnections(settings.maxHalfOpenConnections());
    var log = Logging.getLogger(classic, FrontDoor.class);
    @SuppressWarnings({"unchecked", "rawtypes"})
    BidiFlow<org.apache.pekko.stream.TLSProtocol.SslTlsOutbound, ByteString, ByteString,
        org.apache.pekko.stream.TLSProtocol.SslTlsInbound, NotUsed> plain = (BidiFlow) TLSPlacebo.getInstance();
    return OnCompletingThread.of(Tcp.get(system)
        .bind(settings.host(), settings.port(), server.getBacklog(), List.of(), false, server.getTimeouts().idleTimeout())
        .mapAsyncUnordered(server.getMaxConnections(), conn -> {
          Flow<ByteString, ByteString, NotUsed> http = handler.join(
              Http.get(classic).serverLayer(server, Optional.of(conn.remoteAddress()), log).atop(plain));
          Flow<ByteString, ByteString, CompletionStage<org.apache.pekko.Done>> guarded = Flow.of(ByteString.class)
              .via(new FirstRequestGuard(halfOpen, settings.requestHeaderTimeout()))
              .via(http)
              .via(kill.flow())
              .watchTermination((m, done) -> done);
          return OnCompletingThread.of(conn.handleWith(guarded, mat)).handle((d, e) -> d);
        })
        .to(Sink.ignore())
        .run(mat))
        .thenApply(b -> new FrontDoor(b, kill));
  }

  public InetSocketAddress localAddress() {
    return binding.localAddress();
  }

  /** Stops accepting, then closes every open connection. */
  public CompletionStage<Void> close() {
    return OnCompletingThread.of(binding.unbind()).thenRun(() -> connections.shutdown());
  }
}
