package bookshard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The decision alone: who is downed for each picture of who sees whom unreachable. */
class MajorityDowningTest {
  private static final List<String> THREE = List.of("n1", "n2", "n3");

  private static Set<String> down(List<String> engine, List<String> others, String... observerSubject) {
    Map<String, Set<String>> from = new HashMap<>();
    for (String pair : observerSubject) {
      String[] p = pair.split(">");
      from.computeIfAbsent(p[0], k -> new java.util.HashSet<>()).add(p[1]);
    }
    return MajorityDowning.toDown(engine, others, from, Comparator.naturalOrder());
  }

  @Test
  void nothingUnreachableDownsNobody() {
    assertEquals(Set.of(), down(THREE, List.of()));
  }

  @Test
  void aCrashedNodeIsDownedByTheOthers() {
    assertEquals(Set.of("n2"), down(THREE, List.of(), "n1>n2", "n3>n2"));
    // Only one survivor has noticed yet: the same decision.
    assertEquals(Set.of("n2"), down(THREE, List.of(), "n1>n2"));
  }

  @Test
  void aCleanSplitKeepsTheMajorityAsEitherSideSeesIt() {
    // The majority's view: both see n3 unreachable.
    assertEquals(Set.of("n3"), down(THREE, List.of(), "n1>n3", "n2>n3"));
    // The minority's view: n3 sees both unreachable, and downs itself.
    assertEquals(Set.of("n3"), down(THREE, List.of(), "n3>n1", "n3>n2"));
  }

  @Test
  void aPartialPartitionDownsOneSideOfTheBrokenLinkNotBoth() {
    // n1 and n3 cannot see each other; both see n2. Pekko's resolver downs n1 and n3.
    assertEquals(Set.of("n3"), down(THREE, List.of(), "n1>n3", "n3>n1"));
    assertEquals(Set.of("n3"), down(THREE, List.of(), "n3>n1"));
    // The broken link between n2 and n3: n1 and n2 stay.
    assertEquals(Set.of("n3"), down(THREE, List.of(), "n2>n3", "n3>n2"));
    // Between n1 and n2: the pairs {n1,n3} and {n2,n3} are equal; the one with the lowest address stays.
    assertEquals(Set.of("n2"), down(THREE, List.of(), "n1>n2", "n2>n1"));
  }

  @Test
  void ofTheTwoEndsOfABrokenLinkTheOneThatFailedMoreOftenLatelyGoes() {
    Map<String, Set<String>> n1n3 = Map.of("n1", Set.of("n3"), "n3", Set.of("n1"));
    // n1 has been at an end of more broken links (a lossy n1 whose links to n2 and n3 fail by turns).
    assertEquals(Set.of("n1"), MajorityDowning.toDown(THREE, List.of(), n1n3, Map.of("n1", 5.0, "n2", 2.0, "n3", 3.0),
        Comparator.naturalOrder()));
    assertEquals(Set.of("n3"), MajorityDowning.toDown(THREE, List.of(), n1n3, Map.of("n1", 3.0, "n2", 2.0, "n3", 5.0),
        Comparator.naturalOrder()));
    // Nearly equal counts round alike on every node: the address decides.
    assertEquals(Set.of("n3"), MajorityDowning.toDown(THREE, List.of(), n1n3, Map.of("n1", 3.1, "n3", 2.9),
        Comparator.naturalOrder()));
    // A larger group always beats a less suspect one.
    assertEquals(Set.of("n2"), MajorityDowning.toDown(THREE, List.of(), Map.of("n1", Set.of("n2"), "n3", Set.of("n2")),
        Map.of("n1", 9.0, "n3", 9.0), Comparator.naturalOrder()));
  }

  @Test
  void fiveNodesWithOneLossyNodeKeepTheFourHealthyOnes() {
    List<String> five = List.of("n1", "n2", "n3", "n4", "n5");
    assertEquals(Set.of("n4"), down(five, List.of(), "n1>n4", "n2>n4", "n4>n5"));
    // Two broken links that share no node: the largest fully connected group is three nodes.
    assertEquals(Set.of("n2", "n4"), down(five, List.of(), "n1>n2", "n3>n4"));
  }

  @Test
  void anEvenSplitKeepsTheHalfWithTheLowestAddress() {
    List<String> four = List.of("n1", "n2", "n3", "n4");
    assertEquals(Set.of("n3", "n4"), down(four, List.of(), "n1>n3", "n1>n4", "n2>n3", "n2>n4"));
    assertEquals(Set.of("n3", "n4"), down(four, List.of(), "n3>n1", "n3>n2", "n4>n1", "n4>n2"));
  }

  @Test
  void noMajorityDownsEveryEngineNode() {
    // Four nodes, each cut off from all but one: the best group is a pair without the lowest address.
    List<String> four = List.of("n1", "n2", "n3", "n4");
    assertEquals(Set.copyOf(four), down(four, List.of(), "n1>n2", "n1>n3", "n1>n4", "n2>n3", "n2>n4"));
  }

  @Test
  void clientsNeverCountAndAreDownedWhenUnreachable() {
    assertEquals(Set.of("client"), down(THREE, List.of("client"), "n1>client"));
    // Two clients that cannot see n3 do not outvote the engine nodes that see it: they go, n3 stays.
    assertEquals(Set.of("c1", "c2"), down(THREE, List.of("c1", "c2"), "c1>n3", "c2>n3"));
    // A client that cannot see a node being downed anyway stays.
    assertEquals(Set.of("n3"), down(THREE, List.of("c1"), "n1>n3", "n2>n3", "c1>n3"));
  }
}
