package bookshard.node;

import com.typesafe.config.ConfigFactory;

/**
 * {@code java -jar bookshard.jar} starts a node; {@code ... demo} also places a few crossing
 * orders through the node's own HTTP API and prints the trades and the book.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    boolean demo = args.length > 0 && args[0].equals("demo");
    if (args.length > 0 && !demo) {
      System.err.println("usage: java -jar bookshard.jar [demo]");
      System.exit(2);
    }
    BookshardNode node = BookshardNode.start(
        ConfigFactory.parseString("pekko.coordinated-shutdown.exit-jvm = on"));
    System.out.println("bookshard listening on " + node.baseUrl());
    if (demo) {
      Demo.run(node.baseUrl(), System.out);
      System.out.println("\nThe node keeps running (Ctrl-C stops it). Run the demo again: match ids go on from here.");
    }
  }
}
