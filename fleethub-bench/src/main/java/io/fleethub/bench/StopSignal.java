package io.fleethub.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGINT/SIGTERM into a request to end the run early: the JVM's shutdown waits (up to 30 s) until the run
 * has written its report. Close it when the run ends.
 */
final class StopSignal implements AutoCloseable {
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook = new Thread(this::stopAndWait, "bench-stop");

  StopSignal() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Waits up to {@code millis} for a stop request; true when one came. */
  boolean awaitStop(long millis) throws InterruptedException {
    return stop.await(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run; it returns now that the run is finished.
    }
  }

  private void stopAndWait() {
    stop.countDown();
    try {
      finished.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
