package bookshard.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package layout, checked on the compiled production classes: this fails the build on a
 * package cycle or on a dependency pointing the wrong way.
 *
 * <pre>
 *   book  &lt;-  protocol  &lt;-  account  &lt;-  codec  &lt;-  entity
 *                  ^            ^
 *                  feed  &lt;-  http                 node wires all; cli runs node
 * </pre>
 * {@code protocol} holds messages (and the interfaces that send them) only; the accounts' rules
 * (ledger state, settlement, pre-trade risk) are {@code account}; {@code async} is how a stage
 * Pekko completes is continued (no Pekko or project dependency of its own).
 */
class ArchitectureTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("bookshard");

  @Test
  void packagesHaveNoCycles() {
    slices().matching("bookshard.(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void dependenciesPointOneWay() {
    layeredArchitecture().consideringOnlyDependenciesInAnyPackage("bookshard..")
        .layer("async").definedBy("bookshard.async..")
        .layer("book").definedBy("bookshard.book..")
        .layer("protocol").definedBy("bookshard.protocol..")
        .layer("codec").definedBy("bookshard.codec..")
        .layer("entity").definedBy("bookshard.entity..")
        .layer("feed").definedBy("bookshard.feed..")
        .layer("http").definedBy("bookshard.http..")
        .layer("kafka").definedBy("bookshard.kafka..")
        .layer("fix").definedBy("bookshard.fix..")
        .layer("account").definedBy("bookshard.account..")
        .layer("node").definedBy("bookshard.node..")
        .layer("cli").definedBy("bookshard.cli..")
        .whereLayer("cli").mayNotBeAccessedByAnyLayer()
        .whereLayer("async").mayOnlyBeAccessedByLayers("entity", "feed", "http", "kafka", "node", "cli")
        .whereLayer("node").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("fix").mayOnlyBeAccessedByLayers("node")
        // The FIX gateway names a book's rejects with the API's one table (ApiError.rejection).
        .whereLayer("http").mayOnlyBeAccessedByLayers("node", "fix")
        .whereLayer("kafka").mayOnlyBeAccessedByLayers("node")
        .whereLayer("account").mayOnlyBeAccessedByLayers("codec", "entity", "feed", "node", "cli")
        .whereLayer("entity").mayOnlyBeAccessedByLayers("node", "cli")
        .whereLayer("feed").mayOnlyBeAccessedByLayers("http", "kafka", "fix", "node")
        .whereLayer("codec").mayOnlyBeAccessedByLayers("entity", "feed", "kafka", "node", "cli")
        .whereLayer("protocol").mayOnlyBeAccessedByLayers("account", "codec", "entity", "feed", "http", "kafka", "fix",
            "node", "cli")
        .check(MAIN);
  }

  @Test
  void asyncDependsOnNothingOfTheProject() {
    noClasses().that().resideInAPackage("bookshard.async..")
        .should().dependOnClassesThat().resideInAnyPackage("bookshard.book..", "bookshard.protocol..",
            "bookshard.account..", "bookshard.codec..", "bookshard.entity..", "bookshard.feed..", "bookshard.http..",
            "bookshard.kafka..", "bookshard.fix..", "bookshard.node..", "bookshard.cli..")
        .check(MAIN);
  }

  @Test
  void theMatchingCoreIsPlainJava() {
    noClasses().that().resideInAPackage("bookshard.book..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..", "scala..", "com.typesafe..",
            "com.google.flatbuffers..", "com.fasterxml..")
        .check(MAIN);
  }

  @Test
  void generatedFlatBuffersStayInsideTheCodec() {
    noClasses().that().resideOutsideOfPackage("bookshard.codec..")
        .should().dependOnClassesThat().resideInAPackage("bookshard.codec.fb..")
        .check(MAIN);
  }

  @Test
  void onlyTheNodeReadsConfiguration() {
    noClasses().that().resideOutsideOfPackages("bookshard.node..", "bookshard.cli..")
        .should().dependOnClassesThat().haveFullyQualifiedName("com.typesafe.config.Config")
        .check(MAIN);
  }
}
