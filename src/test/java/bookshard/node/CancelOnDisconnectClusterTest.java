package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.support.Api;
import bookshard.support.LocalCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancel on disconnect when the connection's node dies (SIGKILL): no close reaches the session,
 * nobody re-arms the account's switch, and it fires on its own on a surviving node (or is
 * recovered there first, if it lived on the killed node). Three engine JVMs, one PostgreSQL.
 */
class CancelOnDisconnectClusterTest {
  private static final List<String> BOOKS = List.of("BTC-USD", "ETH-USD", "SOL-USD");

  @TempDir Path dir;
  private LocalCluster cluster;

  @AfterEach
  void stopAll() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A resting order answers RESTING; a cancelled one CANCELLED; a book failing over, an error. */
  private static boolean rests(Api api, String symbol, long orderId) {
    Api.Reply r = api.get("/books/" + symbol + "/orders/" + orderId);
    return r.status() != 200 || r.body().get("status").asText().contains("RESTING");
  }

  @Test
  void theAccountsOrdersGoWhenTheNodeHoldingItsConnectionIsKilled() throws Exception {
    cluster = new LocalCluster(dir, "");
    Api survivor = cluster.api(0);
    CompletableFuture<String> enabled = new CompletableFuture<>();
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create(cluster.baseUrl(2).replace("http://", "ws://") + "/ws"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            if (data.toString().contains("\"cancelOnDisconnect\"")) {
              enabled.complete(data.toString());
            }
            w.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    ws.sendText("{\"op\":\"cancelOnDisconnect\",\"account\":\"codk\"}", true).get(5, TimeUnit.SECONDS);
    assertTrue(enabled.get(10, TimeUnit.SECONDS).contains("\"armed\":true"));
    long[] ids = new long[BOOKS.size()];
    for (int i = 0; i < ids.length; i++) {
      Api.Reply r = survivor.place(BOOKS.get(i), "codk", "BUY", 10 + i, 1);
      assertEquals(201, r.status(), String.valueOf(r.body()));
      ids[i] = r.body().get("orderId").asLong();
    }
    long other = survivor.place("BTC-USD", "stays", "BUY", 5, 1).body().get("orderId").asLong();
    Thread.sleep(4000);
    for (int i = 0; i < ids.length; i++) {
      assertTrue(rests(survivor, BOOKS.get(i), ids[i]), "re-armed while connected");
    }
    cluster.kill(2);
    long killed = System.currentTimeMillis();
    long until = killed + 60_000;
    for (int i = 0; i < ids.length; i++) {
      while (rests(survivor, BOOKS.get(i), ids[i])) {
        assertTrue(System.currentTimeMillis() < until, "order " + ids[i] + " in " + BOOKS.get(i) + " rests 60 s after the kill");
        Thread.sleep(200);
      }
    }
    System.out.printf("cancel on disconnect: the killed node's client's orders were gone %d ms after SIGKILL%n",
        System.currentTimeMillis() - killed);
    assertTrue(rests(survivor, "BTC-USD", other), "another account's order stays");
  }
}
