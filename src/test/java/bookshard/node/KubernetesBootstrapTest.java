package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bookshard.support.Api;
import bookshard.support.Backend;
import bookshard.support.ChildNode;
import bookshard.support.TestNodes;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * With {@code bookshard.cluster.discovery} set, a node forms its cluster through Pekko
 * Management's cluster bootstrap instead of seed nodes, as it does on Kubernetes
 * (conf/k8s/bookshard.yaml, discovery method kubernetes-api). Here the contact points come from
 * Pekko's config discovery (there is no Kubernetes API): the bootstrap path is the same.
 */
class KubernetesBootstrapTest {
  @Test
  void aNodeFormsItsClusterThroughBootstrapAndIsReadyThen() throws Exception {
    int management = ChildNode.freePort();
    try (BookshardNode node = TestNodes.start(Backend.H2.freshJournal(Files.createTempDirectory("bootstrap")),
        "bookshard.cluster.discovery = config\n"
            + "pekko.management.http.port = " + management + "\n"
            + "pekko.management.cluster.bootstrap.contact-point-discovery {\n"
            + "  service-name = bookshard\n  required-contact-point-nr = 1\n  stable-margin = 1s\n  interval = 200ms\n}\n"
            + "pekko.discovery.config.services.bookshard.endpoints = [{host = \"127.0.0.1\", port = " + management + "}]\n")) {
      Api api = new Api(node.baseUrl());
      assertEquals(200, api.get("/health").status());
      long until = System.currentTimeMillis() + 60_000;
      while (api.get("/ready").status() != 200) {
        assertTrue(System.currentTimeMillis() < until, "bootstrap did not form the cluster in 60 s");
        Thread.sleep(200);
      }
      assertEquals(201, api.place("BTC-USD", "k", "BUY", 10, 1).status());
    }
  }
}
