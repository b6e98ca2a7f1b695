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
import org.apache.pekko.stream.TLSClosing;
import org.apache.pekko.stream.TLSProtocol;
import org.apache.pekko.stream.TLSProtocol.SslTlsInbound;
import org.apache.pekko.stream.TLSProtocol.SslTlsOutbound;
import org.apache.pekko.stream.javadsl.TLS;
import org.apache.pekko.stream.javadsl.TLSPlacebo;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
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
    BidiFlow<SslTlsOutbound, ByteString, ByteString, SslTlsInbound, NotUsed> plain = (BidiFlow) TLSPlacebo.getInstance();
    SSLContext tls = settings.tls() == null ? null : sslContext(settings.tls());
    return OnCompletingThread.of(Tcp.get(system)
        .bind(settings.host(), settings.port(), server.getBacklog(), List.of(), false, server.getTimeouts().idleTimeout())
        .mapAsyncUnordered(server.getMaxConnections(), conn -> {
          var layer = Http.get(classic).serverLayer(server, Optional.of(conn.remoteAddress()), log);
          Flow<ByteString, ByteString, NotUsed> http;
          Flow<ByteString, ByteString, NotUsed> beforeHttp;
          if (tls == null) {
            http = handler.join(layer.atop(plain));
            beforeHttp = Flow.of(ByteString.class).via(new FirstRequestGuard(halfOpen, settings.requestHeaderTimeout()));
          } else {
            // The guard reads request heads, so with TLS it sits on the decrypted side.
            http = handler.join(layer.atop(guardedInside(halfOpen, settings)).atop(TLS.create(() -> serverEngine(tls),
                TLSClosing.eagerClose())));
            beforeHttp = Flow.of(ByteString.class);
          }
          Flow<ByteString, ByteString, CompletionStage<org.apache.pekko.Done>> guarded = beforeHttp
              .via(http)
              .via(kill.flow())
              .watchTermination((m, done) -> done);
          return OnCompletingThread.of(conn.handleWith(guarded, mat)).handle((d, e) -> d);
        })
        .to(Sink.ignore())
        .run(mat))
        .thenApply(b -> new FrontDoor(b, kill));
  }

  /** The {@link FirstRequestGuard} on the plaintext of a TLS connection: each decrypted chunk keeps its session. */
  private static BidiFlow<SslTlsOutbound, SslTlsOutbound, SslTlsInbound, SslTlsInbound, NotUsed> guardedInside(
      HalfOpenConnections halfOpen, HttpSettings settings) {
    javax.net.ssl.SSLSession[] session = {null};
    Flow<SslTlsInbound, SslTlsInbound, NotUsed> in = Flow.of(SslTlsInbound.class)
        .filter(i -> i instanceof TLSProtocol.SessionBytes)
        .map(i -> {
          TLSProtocol.SessionBytes b = (TLSProtocol.SessionBytes) i;
          session[0] = b.session();
          return b.bytes();
        })
        .via(new FirstRequestGuard(halfOpen, settings.requestHeaderTimeout()))
        .map(bytes -> (SslTlsInbound) new TLSProtocol.SessionBytes(session[0], bytes));
    return BidiFlow.fromFlows(Flow.of(SslTlsOutbound.class), in);
  }

  private static SSLContext sslContext(HttpSettings.Tls tls) {
    try (var in = java.nio.file.Files.newInputStream(tls.keystore())) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, tls.password());
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, tls.password());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (Exception e) {
      throw new IllegalArgumentException("bookshard.http.tls: the keystore " + tls.keystore() + " could not be used: "
          + e.getMessage(), e);
    }
  }

  private static SSLEngine serverEngine(SSLContext context) {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    engine.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    return engine;
  }

  public InetSocketAddress localAddress() {
    return binding.localAddress();
  }

  /** Stops accepting, then closes every open connection. */
  public CompletionStage<Void> close() {
    return OnCompletingThread.of(binding.unbind()).thenRun(() -> connections.shutdown());
  }
}
