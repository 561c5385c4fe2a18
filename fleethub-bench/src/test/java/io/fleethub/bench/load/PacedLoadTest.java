package io.fleethub.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PacedLoadTest {
  private static final long MS = 1_000_000;

  private final Meter meter = new Meter();
  private final List<Integer> targets = new ArrayList<>();
  private final List<Long> dueTimes = new ArrayList<>();

  private PacedLoad load(double rate, int devices, Set<Integer> full) {
    return new PacedLoad(rate, 1_000 * MS, devices, (target, dueNanos) -> {
      if (full.contains(target)) {
        return false;
      }
      targets.add(target);
      dueTimes.add(dueNanos);
      return true;
    }, meter);
  }

  @Test
  void handsEachDueOperationToTheNextDeviceInTurn() {
    PacedLoad load = load(1000, 3, Set.of());

    load.tick(999 * MS);
    assertThat(targets).isEmpty();

    load.tick(1_004 * MS);
    assertThat(targets).containsExactly(0, 1, 2, 0, 1);
    assertThat(dueTimes).containsExactly(1_000 * MS, 1_001 * MS, 1_002 * MS, 1_003 * MS, 1_004 * MS);
  }

  @Test
  void skipsAndCountsWhatAFullDeviceCannotTakeAndMovesOn() {
    Set<Integer> full = new HashSet<>(Set.of(1));
    PacedLoad load = load(1000, 3, full);

    load.tick(1_005 * MS);
    full.clear();
    load.tick(1_006 * MS);

    assertThat(targets).containsExactly(0, 2, 0, 2, 0);
    assertThat(meter.counts().skipped()).isEqualTo(2);
  }

  @Test
  void catchesUpAfterAStallKeepingEachDueTime() {
    PacedLoad load = load(100, 2, Set.of());

    load.tick(1_035 * MS);

    assertThat(dueTimes).containsExactly(1_000 * MS, 1_010 * MS, 1_020 * MS, 1_030 * MS);
    assertThat(targets).containsExactly(0, 1, 0, 1);
  }

  @Test
  void runsOnItsOwnThreadUntilStopped() throws Exception {
    List<Integer> started = Collections.synchronizedList(new ArrayList<>());
    PacedLoad load = new PacedLoad(2000, System.nanoTime(), 4, (target, dueNanos) -> started.add(target), meter);

    load.start(Ticker.SYSTEM);
    Thread.sleep(100);
    load.stop();
    int afterStop = started.size();
    Thread.sleep(20);

    assertThat(afterStop).isGreaterThan(50);
    assertThat(started).hasSize(afterStop);
  }

  @Test
  void refusesALoadWithoutDevicesOrRate() {
    assertThatThrownBy(() -> new PacedLoad(100, 0, 0, (target, due) -> true, meter))
        .hasMessageContaining("at least 1 target");
    assertThatThrownBy(() -> new PacedLoad(0, 0, 1, (target, due) -> true, meter))
        .hasMessageContaining("positive");
  }
}
