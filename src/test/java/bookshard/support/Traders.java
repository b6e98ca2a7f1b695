package bookshard.support;

import bookshard.support.JournalAudit.Ack;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;

/** A client of a {@link LocalCluster} that trades until stopped and retries what goes unanswered. */
public final class Traders {
  private Traders() {}

  /**
   * Places orders (GTC and IOC around 100) on books S0..S{symbols-1} through random nodes that
   * {@code useNode} allows; anything unanswered (503, 429, no answer) is retried on a node with
   * the same clientOrderId. Every acknowledgement goes into {@code acks}.
   */
  public static void trade(LocalCluster cluster, int client, int symbols, IntPredicate useNode, AtomicBoolean stop,
      Map<String, Ack> acks, AtomicLong sent, AtomicLong retries) {
    SplittableRandom r = new SplittableRandom(client);
    for (int n = 0; !stop.get(); n++) {
      String symbol = "S" + r.nextInt(symbols);
      String account = "client" + client;
      String clientOrderId = "c" + client + "-" + n;
      String body = String.format(
          "{\"account\":\"%s\",\"clientOrderId\":\"%s\",\"side\":\"%s\",\"timeInForce\":\"%s\",\"priceTicks\":%d,\"quantityLots\":%d}",
          account, clientOrderId, r.nextBoolean() ? "BUY" : "SELL", r.nextInt(4) == 0 ? "IOC" : "GTC",
          95 + r.nextInt(11), 1 + r.nextInt(5));
      sent.incrementAndGet();
      for (int attempt = 0; attempt < 200; attempt++) {
        int node = r.nextInt(3);
        if (!useNode.test(node)) {
          continue;
        }
        Api.Reply reply;
        try {
          reply = cluster.api(node).post("/books/" + symbol + "/orders", body);
        } catch (RuntimeException e) {
          reply = null;
        }
        if (reply != null && (reply.status() == 201 || reply.status() == 200)) {
          acks.put(symbol + "/" + clientOrderId,
              new Ack(symbol, account, clientOrderId, reply.body().get("orderId").asLong()));
          break;
        }
        if (reply != null && reply.status() != 503 && reply.status() != 429) {
          throw new AssertionError("unexpected answer " + reply + " to " + body);
        }
        retries.incrementAndGet();
        sleep(200);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
