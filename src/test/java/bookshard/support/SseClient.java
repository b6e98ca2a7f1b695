package bookshard.support;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A Server-Sent Events consumer as a browser's EventSource reads it; close() hangs up. */
public final class SseClient implements AutoCloseable {
  public record Event(String id, String type, String data) {}

  private static final Event END = new Event(null, null, null);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final InputStream body;
  private final Thread reader;
  private final int status;

  public SseClient(String url, String lastEventId) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      req.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<InputStream> resp = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    status = resp.statusCode();
    body = resp.body();
    reader = new Thread(this::read, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  public int status() {
    return status;
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String id = null;
      String type = null;
      StringBuilder data = new StringBuilder();
      for (String line; (line = in.readLine()) != null; ) {
        if (line.isEmpty()) {
          if (data.length() > 0) {
            events.add(new Event(id, type, data.toString()));
          }
          id = null;
          type = null;
          data.setLength(0);
        } else if (line.startsWith("data:")) {
          data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).stripLeading());
        } else if (line.startsWith("id:")) {
          id = line.substring(3).strip();
        } else if (line.startsWith("event:")) {
          type = line.substring(6).strip();
        }
      }
    } catch (Exception e) {
      // hung up
    } finally {
      events.add(END);
    }
  }

  /** The next event, or null if none came in time or the stream ended. */
  public Event next(Duration wait) throws InterruptedException {
    Event e = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (e == END) {
      events.add(END);
      return null;
    }
    return e;
  }

  @Override
  public void close() throws Exception {
    body.close();
    reader.join(5_000);
  }
}
