package io.fleethub.testkit.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Starts tasks on separate threads at the same moment, so that they contend for the same rows. Each contender
 * runs on its own thread; {@link #run} blocks until all have finished and rethrows the first failure.
 */
final class Race implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 60;

  private final int contenders;
  private final ExecutorService threads;

  Race(int contenders) {
    this.contenders = contenders;
    this.threads = Executors.newFixedThreadPool(contenders);
  }

  /** Runs {@code task} once per contender (given its index from 0) and returns the results in index order. */
  <T> List<T> run(IntFunction<T> task) {
    CyclicBarrier start = new CyclicBarrier(contenders);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < contenders; i++) {
      int index = i;
      futures.add(threads.submit(() -> {
        start.await();
        return task.apply(index);
      }));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(await(future));
    }
    return results;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("a contender failed", e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("a contender did not finish within " + TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the race", e);
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
