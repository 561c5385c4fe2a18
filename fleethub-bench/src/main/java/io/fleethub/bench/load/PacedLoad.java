package io.fleethub.bench.load;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Open-loop load from the back end's side: operations fall due at a fixed rate from a start time ({@link Pacer}),
 * and each due one goes to the next of {@code targets} devices in turn. A due operation its device has no room for
 * (the scenario's caps) is not started but skipped and counted ({@link Meter#skipped}); the next goes to the next
 * device, so one slow device does not hold back the others.
 *
 * <p>{@link #tick} runs on one thread at a time: the pacing thread {@link #start} starts, which ticks every
 * millisecond, or a test's.
 */
public final class PacedLoad {
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** Starts one operation. Called on the pacing thread; must not block. */
  public interface Starter {
    /**
     * Starts an operation on device {@code target} (0 to {@code targets - 1}), due at {@code dueNanos}, counting
     * it as started; false, without starting it, when that device has no room for it now.
     */
    boolean start(int target, long dueNanos);
  }

  private final Pacer pacer;
  private final int targets;
  private final Starter starter;
  private final Meter meter;
  private int next;
  private volatile boolean running;
  private Thread thread;

  /**
   * @param ratePerSecond operations per second across all targets, more than 0
   * @param startNanos when the first operation is due, on the {@link System#nanoTime()} scale
   * @param targets how many devices share the load, at least 1
   */
  public PacedLoad(double ratePerSecond, long startNanos, int targets, Starter starter, Meter meter) {
    if (targets < 1) {
      throw new IllegalArgumentException("at least 1 target, not " + targets);
    }
    this.pacer = new Pacer(ratePerSecond, startNanos);
    this.targets = targets;
    this.starter = Objects.requireNonNull(starter, "starter");
    this.meter = Objects.requireNonNull(meter, "meter");
  }

  /** Hands every operation due at {@code nowNanos} to its device. */
  void tick(long nowNanos) {
    long due = pacer.due(nowNanos);
    for (long i = 0; i < due; i++) {
      long dueAt = pacer.take();
      int target = next;
      next = next + 1 == targets ? 0 : next + 1;
      if (!starter.start(target, dueAt)) {
        meter.skipped();
      }
    }
  }

  /** Starts the pacing thread, which ticks on {@code ticker} until {@link #stop}. */
  public synchronized void start(Ticker ticker) {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    running = true;
    thread = new Thread(() -> run(ticker), "bench-pacer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops starting operations and waits for the pacing thread; those started go on to their end. */
  public synchronized void stop() throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.join();
    }
  }

  private void run(Ticker ticker) {
    try {
      while (running) {
        long now = ticker.nanoTime();
        tick(now);
        ticker.sleepUntil(now + TICK_NANOS);
      }
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    }
  }
}
