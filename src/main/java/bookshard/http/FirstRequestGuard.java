package bookshard.http;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * The bytes of a new connection, on their way to the HTTP parser, until its first request's head
 * is complete. pekko-http's parser waits for more input on a request line without a space
 * ({@code GARBAGE\r\n\r\n}) and on a head that never ends, holding the connection until the idle
 * timeout; enough of those starve everyone else of connections. This stage makes both cheap:
 * <ul>
 *   <li>a first line without a space is replaced by {@link #MALFORMED} (no space, longer than
 *       any method), which the parser refuses at once: the client gets 400 and the connection closes;
 *   <li>a head not complete within {@code headerTimeout} closes the connection;
 *   <li>at most {@link HalfOpenConnections#max} connections wait for their first head at once; a
 *       new one beyond that closes the oldest, so they cannot use up max-connections.
 * </ul>
 * Later requests on a kept-alive connection are the idle timeout's.
 */
final class FirstRequestGuard extends GraphStage<FlowShape<ByteString, ByteString>> {
  /** What the parser sees instead of a request line without a space; the error handler knows it. */
  static final String MALFORMED = "MALFORMED-REQUEST-LINE";
  /** A request line is never longer than this much (the URI limit is 2 KiB). */
  private static final int MAX_LINE = 16 * 1024;

  private final Inlet<ByteString> in = Inlet.create("FirstRequestGuard.in");
  private final Outlet<ByteString> out = Outlet.create("FirstRequestGuard.out");
  private final HalfOpenConnections halfOpen;
  private final Duration headerTimeout;

  FirstRequestGuard(HalfOpenConnections halfOpen, Duration headerTimeout) {
    this.halfOpen = halfOpen;
    this.headerTimeout = headerTimeout;
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return FlowShape.of(in, out);
  }

  private enum Phase { LINE, HEAD, OPEN }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new TimerGraphStageLogic(shape()) {
      private Phase phase = Phase.LINE;
      private ByteString line = ByteString.emptyByteString();
      /** The last bytes of the head seen so far: "\r\n\r\n" (or "\n\n") ends it. */
      private int tail;
      private boolean counted;
      private Runnable pushedOut;

      @Override
      public void preStart() {
        AsyncCallback<Object> close = createAsyncCallback(ignored -> {
          if (counted) {
            failStage(new IllegalStateException("closed for a newer connection: too many without a request"));
          }
        });
        pushedOut = () -> close.invoke(null);
        counted = true;
        scheduleOnce("head", headerTimeout);
        halfOpen.admit(pushedOut);
      }

      @Override
      public void onTimer(Object key) {
        failStage(new TimeoutException("no complete request head within " + headerTimeout));
      }

      @Override
      public void postStop() {
        release();
      }

      private void release() {
        if (counted) {
          counted = false;
          halfOpen.leave(pushedOut);
        }
      }

      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            ByteString bytes = grab(in);
            switch (phase) {
              case OPEN -> push(out, bytes);
              case HEAD -> {
                scanHead(bytes, 0);
                push(out, bytes);
              }
              case LINE -> onLineBytes(bytes);
            }
          }

          @Override
          public void onUpstreamFinish() {
            if (phase == Phase.LINE && !line.isEmpty()) {
              emit(out, line);
            }
            completeStage();
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            pull(in);
          }
        });
      }

      private void onLineBytes(ByteString bytes) {
        line = line.concat(bytes);
        int nl = line.indexOf((byte) '\n');
        if (nl < 0) {
          if (line.size() > MAX_LINE) {
            phase = Phase.HEAD;
            ByteString held = line;
            line = ByteString.emptyByteString();
            scanHead(held, 0);
            push(out, held);
          } else {
            pull(in);
          }
          return;
        }
        ByteString held = line;
        line = ByteString.emptyByteString();
        if (held.slice(0, nl).indexOf((byte) ' ') < 0) {
          phase = Phase.OPEN;
          cancelTimer("head");
          release();
          push(out, ByteString.fromString(MALFORMED + "\r\n\r\n"));
          return;
        }
        phase = Phase.HEAD;
        scanHead(held, nl);
        push(out, held);
      }

      /** Looks for the empty line that ends the head, from {@code from} on. */
      private void scanHead(ByteString bytes, int from) {
        for (int i = from; i < bytes.size() && phase == Phase.HEAD; i++) {
          byte b = bytes.apply(i);
          if (b == '\n') {
            tail = (tail == 1 || tail == 3) ? 4 : 1;
          } else if (b == '\r') {
            tail = (tail == 1) ? 3 : 2;
          } else {
            tail = 0;
          }
          if (tail == 4) {
            phase = Phase.OPEN;
            cancelTimer("head");
            release();
          }
        }
      }
    };
  }
}
