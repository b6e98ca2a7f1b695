package bookshard.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README and docs/ link only to files that exist, stay short where they must, and name no issue numbers. */
class DocumentationLinksTest {
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  private static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> files = Files.list(Path.of("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  @Test
  void everyRelativeLinkLeadsToAFile() throws IOException {
    List<String> dead = new ArrayList<>();
    for (Path doc : documents()) {
      Matcher m = LINK.matcher(Files.readString(doc));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*") || target.startsWith("#")) {
          continue;
        }
        Path file = doc.toAbsolutePath().getParent().resolve(target.replaceFirst("#.*", "")).normalize();
        if (!Files.exists(file)) {
          dead.add(doc + " -> " + target);
        }
      }
    }
    assertEquals(List.of(), dead, "dead relative links");
  }

  @Test
  void theReadmeIsShortAndTheDocsNameNoIssueNumbers() throws IOException {
    long lines = Files.readAllLines(Path.of("README.md")).size();
    assertTrue(lines <= 250, "README.md has " + lines + " lines; the rest belongs in docs/");
    for (Path doc : documents()) {
      String text = Files.readString(doc);
      assertTrue(!Pattern.compile("(?i)\\bissues? #?\\d+").matcher(text).find(), doc + " names an issue number");
      assertTrue(!text.contains("../shared/"), doc + " links outside the repository");
    }
  }
}
