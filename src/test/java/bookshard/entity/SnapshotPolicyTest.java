package bookshard.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SnapshotPolicyTest {
  private final SnapshotPolicy policy = new SnapshotPolicy(1000, 1.0, 100_000, 2);

  @Test
  void aSmallBookSnapshotsEveryMinEvents() {
    assertEquals(1000, policy.spacing(0));
    assertEquals(1000, policy.spacing(400));
    assertFalse(policy.due(999, 400));
    assertTrue(policy.due(1000, 400));
  }

  @Test
  void aLargerBookSnapshotsLessOftenSoTheWorkPerEventStaysTheSame() {
    assertEquals(8_000, policy.spacing(8_000));
    assertEquals(50_000, policy.spacing(50_000));
    assertFalse(policy.due(49_999, 50_000));
  }

  @Test
  void recoveryStaysBoundedForAHugeBook() {
    assertEquals(100_000, policy.spacing(1_000_000));
    assertTrue(policy.due(100_000, 1_000_000));
  }

  @Test
  void nonsenseIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SnapshotPolicy(0, 1, 10, 2));
    assertThrows(IllegalArgumentException.class, () -> new SnapshotPolicy(100, 1, 10, 2));
    assertThrows(IllegalArgumentException.class, () -> new SnapshotPolicy(10, -1, 10, 2));
  }
}
