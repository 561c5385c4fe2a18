package io.fleethub.core.concurrent;

import io.fleethub.core.identity.DeviceId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Serialises each device's work instead of locking: every task for one device runs on the same single thread
 * (chosen by the device id's hash), in submission order, so tasks of one device never overlap; tasks of
 * different devices run in parallel across the lanes. Tasks may block briefly (a store write) but must not
 * wait on other devices' tasks.
 */
public final class DeviceExecutors implements AutoCloseable {
  private final List<ExecutorService> lanes;

  public DeviceExecutors(int laneCount) {
    if (laneCount < 1) {
      throw new IllegalArgumentException("laneCount must be at least 1");
    }
    lanes = new ArrayList<>(laneCount);
    for (int i = 0; i < laneCount; i++) {
      int lane = i;
      lanes.add(Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "fleethub-device-" + lane);
        thread.setDaemon(true);
        return thread;
      }));
    }
  }

  public void execute(DeviceId device, Runnable task) {
    laneOf(device).execute(task);
  }

  /** Runs {@code task} on the device's lane; the future completes with its result or exception. */
  public <T> CompletableFuture<T> submit(DeviceId device, Supplier<T> task) {
    return CompletableFuture.supplyAsync(task, laneOf(device));
  }

  private ExecutorService laneOf(DeviceId device) {
    return lanes.get(Math.floorMod(device.value().hashCode(), lanes.size()));
  }

  /** Lets queued tasks finish (for up to five seconds) and stops the lanes. */
  @Override
  public void close() {
    lanes.forEach(ExecutorService::shutdown);
    for (ExecutorService lane : lanes) {
      try {
        lane.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
