package io.fleethub.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleethub.core.identity.DeviceId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeviceExecutorsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  /**
   * With two lanes, "d1" (hash 3149) takes lane 1 and "d2" (hash 3150) lane 0: String.hashCode is fixed by the
   * Java language specification.
   */
  private static final DeviceId D1 = DeviceId.of("d1");
  private static final DeviceId D2 = DeviceId.of("d2");

  private final DeviceExecutors executors = new DeviceExecutors(2);

  @AfterEach
  void stopLanes() {
    executors.close();
  }

  @Test
  void runsEachDevicesTasksInSubmissionOrderWithoutOverlap() throws Exception {
    // GIVEN more devices than lanes, so that lanes are shared
    List<DeviceId> devices = IntStream.range(0, 6).mapToObj(i -> DeviceId.of("device-" + i)).toList();
    List<AtomicBoolean> inProgress = devices.stream().map(d -> new AtomicBoolean()).toList();
    List<List<Integer>> order = devices.stream().map(d -> (List<Integer>) new CopyOnWriteArrayList<Integer>())
        .toList();
    AtomicInteger overlaps = new AtomicInteger();

    // WHEN 1,000 tasks per device, interleaved across devices
    for (int task = 0; task < 1_000; task++) {
      for (int d = 0; d < devices.size(); d++) {
        int taskNumber = task;
        AtomicBoolean busy = inProgress.get(d);
        List<Integer> ran = order.get(d);
        executors.execute(devices.get(d), () -> {
          if (!busy.compareAndSet(false, true)) {
            overlaps.incrementAndGet();
          }
          ran.add(taskNumber);
          Thread.yield();
          busy.set(false);
        });
      }
    }
    for (DeviceId device : devices) {
      executors.submit(device, () -> null).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    // THEN
    List<Integer> expected = IntStream.range(0, 1_000).boxed().toList();
    assertThat(order).allSatisfy(ran -> assertThat(ran).isEqualTo(expected));
    assertThat(overlaps).hasValue(0);
  }

  @Test
  void submitCompletesWithTheTasksResult() {
    // WHEN
    CompletableFuture<String> result = executors.submit(D1, () -> "done on " + Thread.currentThread().getName());

    // THEN
    assertThat(result).succeedsWithin(WAIT).asString().startsWith("done on fleethub-device-");
  }

  @Test
  void submitFailsWithTheTasksExceptionAndTheLaneKeepsWorking() {
    // WHEN
    CompletableFuture<String> failed = executors.submit(D1, () -> {
      throw new IllegalStateException("boom");
    });
    CompletableFuture<String> next = executors.submit(D1, () -> "next");

    // THEN
    assertThat(failed).failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(IllegalStateException.class)
        .withMessage("boom");
    assertThat(next).succeedsWithin(WAIT).isEqualTo("next");
  }

  @Test
  void deviceOnAnotherLaneRunsWhileOneDevicesTaskIsBlocked() throws Exception {
    // GIVEN d1's task blocked until released
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> blocked = executors.submit(D1, () -> {
      started.countDown();
      awaitQuietly(release);
      return Thread.currentThread().getName();
    });
    assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    // WHEN
    CompletableFuture<String> other = executors.submit(D2, () -> Thread.currentThread().getName());

    // THEN
    assertThat(other).succeedsWithin(WAIT);
    assertThat(blocked).isNotDone();
    release.countDown();
    assertThat(blocked).succeedsWithin(WAIT).isNotEqualTo(other.get());
  }

  @Test
  void closeLetsQueuedTasksFinish() throws Exception {
    // GIVEN d1's lane held by one task with 100 more queued behind it
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    executors.execute(D1, () -> awaitQuietly(release));
    for (int i = 0; i < 100; i++) {
      executors.execute(D1, finished::incrementAndGet);
    }

    // WHEN close has shut the lanes (new work is refused) and only then the held task ends
    Thread closer = new Thread(executors::close, "closer");
    closer.start();
    awaitShutDown();
    release.countDown();
    closer.join(WAIT.toMillis());

    // THEN
    assertThat(closer.isAlive()).as("close returned").isFalse();
    assertThat(finished).hasValue(100);
  }

  @Test
  void rejectsFewerThanOneLane() {
    // WHEN / THEN
    assertThatThrownBy(() -> new DeviceExecutors(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }

  /** Waits until the lanes refuse new work, probing on d2's lane so that d1's queue is left as it is. */
  private void awaitShutDown() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        executors.execute(D2, () -> {});
        Thread.onSpinWait();
      } catch (RejectedExecutionException e) {
        return;
      }
    }
    throw new AssertionError("the lanes were not shut down within " + WAIT);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("not released within " + WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
