package bookshard.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.AbstractActorWithTimers;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.DowningProvider;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.Reachability;
import org.apache.pekko.cluster.UniqueAddress;
import scala.Option;
import scala.concurrent.duration.FiniteDuration;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Downing that keeps the largest group of engine nodes that all see each other, when it is a
 * majority. Pekko's split-brain resolver downs every node that is "indirectly connected" (seen
 * unreachable by someone while it sees others): when only the link between n1 and n3 breaks, it
 * downs both and leaves n2 alone with every book. Here the same picture keeps n1 and n2 (of the
 * two fully connected pairs, the one with the lowest address) and downs n3 only.
 *
 * <p>Among equally large groups (one broken link: n1 and n3 each could go), the one whose members
 * were at either end of fewer newly broken links lately stays, so of a lossy node and a healthy
 * one it is the lossy node that is downed; then the one with the lowest address.
 *
 * <p>Every node decides from the same gossiped reachability table (who sees whom unreachable), so
 * the nodes agree; each acts on its own view once the table has not changed for {@code
 * stable-after}: it downs the members outside the kept group, itself included, so a minority
 * downs itself. A table that keeps changing (a lossy link) is decided as it stands after {@code
 * down-all-when-unstable} more, which on a lossy node keeps the healthy ones. With no majority
 * group (half the nodes, neither half holding the lowest address), every engine node is downed
 * and each restarts and rejoins. Members without the engine role (Java clients) never count;
 * one that is unreachable, or cannot see a node that is kept, is downed.
 *
 * <p>Settings: {@code pekko.cluster.split-brain-resolver.stable-after}, {@code
 * .down-all-when-unstable} (a duration), {@code .keep-majority.role}, and {@code
 * pekko.cluster.down-removal-margin}.
 */
public final class MajorityDowning extends DowningProvider {
  private final ActorSystem system;

  public MajorityDowning(ActorSystem system) {
    this.system = system;
  }

  @Override
  public FiniteDuration downRemovalMargin() {
    return FiniteDuration.fromNanos(
        system.settings().config().getDuration("pekko.cluster.down-removal-margin").toNanos());
  }

  @Override
  public Option<Props> downingActorProps() {
    var sbr = system.settings().config().getConfig("pekko.cluster.split-brain-resolver");
    return Option.apply(Props.create(Decider.class, () -> new Decider(sbr.getDuration("stable-after"),
        sbr.getDuration("down-all-when-unstable"), sbr.getString("keep-majority.role"))));
  }

  /**
   * The members to down, as {@code self} sees the cluster: {@code engine}, the engine members
   * that count (not down, not leaving); {@code others}, members without the role; {@code
   * unreachableFrom}, for each observer the members it sees unreachable.
   */
  static <A> Set<A> toDown(List<A> engine, List<A> others, Map<A, Set<A>> unreachableFrom, Comparator<A> order) {
    return toDown(engine, others, unreachableFrom, Map.of(), order);
  }

  /**
   * As above; among equally large groups, the one whose members have been at either end of fewer
   * broken links lately ({@code suspicion}) stays, so a lossy node whose links fail by turns is
   * the one downed; then the one with the lowest address.
   */
  static <A> Set<A> toDown(List<A> engine, List<A> others, Map<A, Set<A>> unreachableFrom, Map<A, Double> suspicion,
      Comparator<A> order) {
    Set<A> unreachable = new HashSet<>();
    unreachableFrom.values().forEach(unreachable::addAll);
    if (unreachable.isEmpty()) {
      return Set.of();
    }
    List<A> nodes = new ArrayList<>(engine);
    nodes.sort(order);
    int n = nodes.size();
    if (n > 16) {
      throw new IllegalStateException("majority downing decides among at most 16 engine nodes, not " + n);
    }
    boolean[][] broken = new boolean[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (unreachableFrom.getOrDefault(nodes.get(i), Set.of()).contains(nodes.get(j))) {
          broken[i][j] = true;
          broken[j][i] = true;
        }
      }
    }
    double[] suspect = new double[n];
    for (int i = 0; i < n; i++) {
      // Rounded, so that nodes whose counts differ by a rounding error still decide alike.
      suspect[i] = Math.round(suspicion.getOrDefault(nodes.get(i), 0.0));
    }
    // The largest set that is pairwise connected; among equals, the least suspect, then the one
    // whose lowest member is lowest.
    int best = 0;
    int bestSize = 0;
    double bestSuspicion = 0;
    for (int set = 1; set < (1 << n); set++) {
      int size = Integer.bitCount(set);
      if (size < bestSize || !connected(set, broken, n)) {
        continue;
      }
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += (set & (1 << i)) != 0 ? suspect[i] : 0;
      }
      boolean better = size > bestSize || sum < bestSuspicion
          || (sum == bestSuspicion && Integer.numberOfTrailingZeros(set) < Integer.numberOfTrailingZeros(best));
      if (better) {
        best = set;
        bestSize = size;
        bestSuspicion = sum;
      }
    }
    boolean majority = 2 * bestSize > n || (2 * bestSize == n && (best & 1) == 1);
    // (An even split is decided by address alone: both halves must reach the same answer without
    // talking to each other.)
    Set<A> down = new HashSet<>();
    for (int i = 0; i < n; i++) {
      if (!majority || (best & (1 << i)) == 0) {
        down.add(nodes.get(i));
      }
    }
    // A client that cannot see a node the cluster keeps is the broken one; left in, its
    // observation would hold up every membership change.
    for (A other : others) {
      boolean cut = unreachableFrom.getOrDefault(other, Set.of()).stream().anyMatch(a -> !down.contains(a) && engine.contains(a));
      if (unreachable.contains(other) || cut) {
        down.add(other);
      }
    }
    return down;
  }

  private static boolean connected(int set, boolean[][] broken, int n) {
    for (int i = 0; i < n; i++) {
      if ((set & (1 << i)) == 0) {
        continue;
      }
      for (int j = i + 1; j < n; j++) {
        if ((set & (1 << j)) != 0 && broken[i][j]) {
          return false;
        }
      }
    }
    return true;
  }

  /** Runs on every member; decides once the picture is stable (or has been unstable too long). */
  static final class Decider extends AbstractActorWithTimers {
    private static final Duration TICK = Duration.ofMillis(100);
    private final Cluster cluster = Cluster.get(getContext().getSystem());
    private final Duration stableAfter;
    private final Duration unstableLimit;
    private final String role;
    private Set<Member> members = new TreeSet<>(Member.ordering());
    private Reachability reachability = Reachability.empty();
    private long changedAtNanos = System.nanoTime();
    private long unstableSinceNanos;
    private final Set<UniqueAddress> downed = new HashSet<>();
    /** Per member, how often it was at either end of a link newly seen broken; halves every minute. */
    private final Map<UniqueAddress, Double> suspicion = new HashMap<>();
    private long suspicionDecayedAtNanos = System.nanoTime();

    Decider(Duration stableAfter, Duration unstableLimit, String role) {
      this.stableAfter = stableAfter;
      this.unstableLimit = unstableLimit;
      this.role = role;
    }

    @Override
    public void preStart() {
      cluster.subscribe(getSelf(), ClusterEvent.initialStateAsSnapshot(), ClusterEvent.MemberEvent.class,
          ClusterEvent.ReachabilityChanged.class);
      getTimers().startTimerWithFixedDelay("tick", "tick", TICK);
    }

    @Override
    public void postStop() {
      cluster.unsubscribe(getSelf());
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(ClusterEvent.CurrentClusterState.class, s -> {
            members = new TreeSet<>(Member.ordering());
            s.getMembers().forEach(members::add);
            changed();
          })
          .match(ClusterEvent.MemberRemoved.class, e -> {
            members.remove(e.member());
            changed();
          })
          .match(ClusterEvent.MemberEvent.class, e -> {
            members.remove(e.member());
            members.add(e.member());
            changed();
          })
          .match(ClusterEvent.ReachabilityChanged.class, e -> {
            countNewlyBroken(reachability, e.reachability());
            reachability = e.reachability();
            changed();
          })
          .matchEquals("tick", t -> decideIfDue())
          .build();
    }

    private void countNewlyBroken(Reachability before, Reachability after) {
      long now = System.nanoTime();
      double halves = (now - suspicionDecayedAtNanos) / 60e9;
      suspicion.replaceAll((a, v) -> v * Math.pow(0.5, halves));
      suspicionDecayedAtNanos = now;
      for (UniqueAddress observer : CollectionConverters.asJava(after.allObservers())) {
        for (UniqueAddress subject : CollectionConverters.asJava(after.allUnreachableFrom(observer))) {
          if (before.isReachable(observer, subject)) {
            suspicion.merge(observer, 1.0, Double::sum);
            suspicion.merge(subject, 1.0, Double::sum);
          }
        }
      }
    }

    private void changed() {
      long now = System.nanoTime();
      if (unstableSinceNanos == 0 && !reachability.isAllReachable()) {
        unstableSinceNanos = now;
      }
      if (reachability.isAllReachable()) {
        unstableSinceNanos = 0;
      }
      changedAtNanos = now;
    }

    private void decideIfDue() {
      if (reachability.isAllReachable()) {
        return;
      }
      long now = System.nanoTime();
      boolean stable = now - changedAtNanos >= stableAfter.toNanos();
      boolean unstableTooLong = unstableSinceNanos != 0
          && now - unstableSinceNanos >= stableAfter.toNanos() + unstableLimit.toNanos();
      if (!stable && !unstableTooLong) {
        return;
      }
      List<UniqueAddress> engine = new ArrayList<>();
      List<UniqueAddress> others = new ArrayList<>();
      for (Member m : members) {
        MemberStatus status = m.status();
        if (status == MemberStatus.down() || status == MemberStatus.removed()) {
          continue;
        }
        boolean counts = m.hasRole(role) && status != MemberStatus.joining() && status != MemberStatus.weaklyUp()
            && status != MemberStatus.leaving() && status != MemberStatus.exiting();
        (counts ? engine : others).add(m.uniqueAddress());
      }
      Map<UniqueAddress, Set<UniqueAddress>> unreachableFrom = new HashMap<>();
      for (UniqueAddress observer : CollectionConverters.asJava(reachability.allObservers())) {
        // What a downed member still reports does not count (as in Pekko's resolver).
        if (!engine.contains(observer) && !others.contains(observer)) {
          continue;
        }
        unreachableFrom.put(observer, new HashSet<>(CollectionConverters.asJava(reachability.allUnreachableFrom(observer))));
      }
      Set<UniqueAddress> down = toDown(engine, others, unreachableFrom, suspicion,
          (a, b) -> Member.addressOrdering().compare(a.address(), b.address()));
      for (UniqueAddress a : down) {
        if (downed.add(a)) {
          getContext().getSystem().log().warning("majority downing: downing {} (members {}, unreachable {}, suspicion {})",
              a.address(), engine, unreachableFrom, suspicion);
          cluster.down(a.address());
        }
      }
      changedAtNanos = now;
      unstableSinceNanos = reachability.isAllReachable() ? 0 : now;
    }
  }
}
