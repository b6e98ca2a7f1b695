package bookshard.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A headless Chromium driven over the DevTools protocol: one page, JavaScript and screenshots. */
public final class Chromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^/]+)/");

  private final Process process;
  private final WebSocket page;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  /** The browser binary on the PATH, if any. */
  public static Optional<Path> find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        Path p = Paths.get(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  public Chromium(Path binary, Path profile) throws Exception {
    process = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking", "--disable-extensions", "--no-first-run",
        "--no-default-browser-check", "--mute-audio", "--hide-scrollbars", "--window-size=1360,860",
        "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
        .redirectErrorStream(true)
        .start();
    String endpoint = endpoint();
    HttpClient http = HttpClient.newHttpClient();
    JsonNode targets = JSON.readTree(http.send(
        HttpRequest.newBuilder(URI.create(endpoint.replace("ws://", "http://") + "/json/list")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    String pageUrl = null;
    for (JsonNode t : targets) {
      if (t.get("type").asText().equals("page")) {
        pageUrl = t.get("webSocketDebuggerUrl").asText();
      }
    }
    if (pageUrl == null) {
      throw new IllegalStateException("no page target in " + targets);
    }
    page = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), new Listener()).get(10, TimeUnit.SECONDS);
  }

  /** Reads the browser's output until it says where DevTools listens, then keeps draining it. */
  private String endpoint() throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> found = new CompletableFuture<>();
    Thread drain = new Thread(() -> {
      StringBuilder seen = new StringBuilder();
      try {
        for (String line; (line = out.readLine()) != null; ) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            found.complete(m.group(1));
          } else if (!found.isDone()) {
            seen.append(line).append('\n');
          }
        }
      } catch (Exception ignored) {
        // the browser is gone
      }
      found.completeExceptionally(new IllegalStateException("chromium exited:\n" + seen));
    }, "chromium-output");
    drain.setDaemon(true);
    drain.start();
    return found.get(30, TimeUnit.SECONDS);
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          JsonNode msg = JSON.readTree(text.toString());
          CompletableFuture<JsonNode> reply = msg.has("id") ? pending.remove(msg.get("id").asInt()) : null;
          if (reply != null) {
            reply.complete(msg);
          }
        } catch (Exception e) {
          // not ours to handle: events we did not ask for
        }
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }

  public JsonNode send(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", params);
    page.sendText(JSON.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
    JsonNode r = reply.get(30, TimeUnit.SECONDS);
    if (r.has("error")) {
      throw new IllegalStateException(method + ": " + r.get("error"));
    }
    return r.get("result");
  }

  /** Loads {@code url} and returns once its document (not the previous one) has loaded. */
  public void navigate(String url) throws Exception {
    send("Page.navigate", JSON.createObjectNode().put("url", url));
    waitFor("location.href === " + JSON.writeValueAsString(url) + " && document.readyState === 'complete'",
        "location.href + ' ' + document.readyState", Duration.ofSeconds(30));
  }

  /** Evaluates an expression in the page (awaiting a promise) and returns its JSON value. */
  public JsonNode eval(String expression) throws Exception {
    JsonNode r = send("Runtime.evaluate", JSON.createObjectNode()
        .put("expression", expression).put("returnByValue", true).put("awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException(expression + " threw " + r.get("exceptionDetails"));
    }
    return r.get("result").path("value");
  }

  /**
   * Polls a boolean expression until it is true (an expression that throws, e.g. on an element
   * not rendered yet, counts as false); fails with {@code describe}'s value if it never is.
   */
  public void waitFor(String condition, String describe, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (eval("(() => { try { return Boolean(" + condition + "); } catch (e) { return false; } })()").asBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("page never satisfied " + condition + "; " + describe + " = " + eval(describe));
  }

  public byte[] screenshot() throws Exception {
    JsonNode r = send("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
    return Base64.getDecoder().decode(r.get("data").asText());
  }

  @Override
  public void close() throws Exception {
    try {
      page.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // closing anyway
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
