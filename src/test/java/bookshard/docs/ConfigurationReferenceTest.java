package bookshard.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The configuration table in docs/operations.md and conf/application.conf name the same
 * settings: every {@code bookshard.*} setting is documented (a row may name a whole subtree,
 * such as {@code bookshard.fix.sessions}), and every setting a row names exists (there, or as a
 * library's default).
 */
class ConfigurationReferenceTest {
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  @Test
  void everySettingIsDocumentedAndEveryDocumentedSettingExists() throws Exception {
    Config conf = ConfigFactory.parseFile(Path.of("conf/application.conf").toFile(), ConfigParseOptions.defaults())
        .resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
    Set<String> settings = new TreeSet<>();
    conf.getConfig("bookshard").entrySet().forEach(e -> settings.add("bookshard." + e.getKey()));

    List<String> documented = documented(Files.readString(Path.of("docs/operations.md")));
    Set<String> undocumented = new TreeSet<>();
    for (String s : settings) {
      if (documented.stream().noneMatch(d -> s.equals(d) || s.startsWith(d + "."))) {
        undocumented.add(s);
      }
    }
    // A documented library setting may keep its library's default (in its reference.conf).
    Config withLibraries = conf.withFallback(ConfigFactory.defaultReference());
    Set<String> unknown = new TreeSet<>();
    for (String d : documented) {
      if (!withLibraries.hasPathOrNull(d)) {
        unknown.add(d);
      }
    }
    assertEquals(Set.of(), undocumented, "in conf/application.conf, not in docs/operations.md's Configuration table");
    assertEquals(Set.of(), unknown, "in docs/operations.md's Configuration table, not in conf/application.conf");
  }

  /**
   * The settings the Configuration table's rows name: a row's first cell is a full path, then
   * siblings of its last part ({@code `bookshard.http.host` / `.port`}).
   */
  static List<String> documented(String doc) {
    String table = doc.substring(doc.indexOf("## Configuration"));
    // The section ends at the next one of its level (later sections have tables of their own).
    int next = table.indexOf("\n## ", 1);
    table = next < 0 ? table : table.substring(0, next);
    List<String> out = new ArrayList<>();
    for (String line : table.lines().toList()) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String cell = line.substring(1, line.indexOf('|', 1));
      Matcher m = CODE.matcher(cell);
      String first = null;
      while (m.find()) {
        String name = m.group(1);
        if (first == null) {
          first = name;
          out.add(name);
        } else {
          out.add(first.substring(0, first.lastIndexOf('.') + 1) + name.replaceFirst("^\\.", ""));
        }
      }
    }
    return out;
  }
}
