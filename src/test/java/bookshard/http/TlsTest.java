package bookshard.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.node.BookshardNode;
import bookshard.support.Backend;
import bookshard.support.TestNodes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * With bookshard.http.tls set, the port speaks only HTTPS and WSS: orders and reads over HTTPS,
 * the socket over WSS, with a client that trusts the node's certificate; plain HTTP gets nowhere.
 */
class TlsTest {
  @Test
  void ordersAndTheSocketGoOverTlsAndPlainHttpGetsNowhere() throws Exception {
    Path dir = Files.createTempDirectory("tls");
    Path keystore = bookshard.support.SelfSigned.keystore(dir.resolve("node.p12"), "node", "localhost", "secret1",
        "SAN=ip:127.0.0.1,dns:localhost");

    try (BookshardNode node = TestNodes.start(Backend.H2.freshJournal(dir), "bookshard.http.tls { keystore = \""
        + keystore + "\", password = secret1 }\n")) {
      assertTrue(node.baseUrl().startsWith("https://"), node.baseUrl());
      HttpClient https = HttpClient.newBuilder().sslContext(trusting(keystore)).connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> placed = https.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/books/BTC-USD/orders"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"account\":\"t\",\"side\":\"BUY\",\"priceTicks\":100,\"quantityLots\":2}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(201, placed.statusCode(), placed.body());
      HttpResponse<String> book = https.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/books/BTC-USD")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, book.statusCode());
      assertTrue(book.body().contains("\"priceTicks\":100"), book.body());

      CompletableFuture<String> pong = new CompletableFuture<>();
      WebSocket ws = https.newWebSocketBuilder().buildAsync(URI.create(node.baseUrl().replace("https://", "wss://") + "/ws"),
          new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
              if (data.toString().contains("pong")) {
                pong.complete(data.toString());
              }
              socket.request(1);
              return null;
            }
          }).get(10, TimeUnit.SECONDS);
      ws.sendText("{\"op\":\"ping\"}", true);
      assertTrue(pong.get(10, TimeUnit.SECONDS).contains("\"type\":\"pong\""));
      ws.abort();

      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(
          URI.create(node.baseUrl().replace("https://", "http://") + "/books/BTC-USD")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString()), "plain HTTP on the TLS port");
    }
  }

  private static SSLContext trusting(Path keystore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, "secret1".toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
