package io.fleethub.bench.load;

/**
 * Spaces events evenly at a fixed rate from a start time, for open-loop load: event {@code k} is due at
 * {@code start + k / rate}, whether or not earlier ones could be sent on time. Each event keeps its due time,
 * so latency measured from it includes any wait in the client (no coordinated omission). Not thread-safe.
 */
public final class Pacer {
  private final double nanosPerEvent;
  private final long startNanos;
  private long taken;

  /**
   * @param ratePerSecond events per second, more than 0
   * @param startNanos when event 0 is due, on the {@link System#nanoTime()} scale
   */
  public Pacer(double ratePerSecond, long startNanos) {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("the rate must be a positive number of events per second, not "
          + ratePerSecond);
    }
    this.nanosPerEvent = 1e9 / ratePerSecond;
    this.startNanos = startNanos;
  }

  /** How many events are due at {@code nowNanos} and not yet taken. */
  public long due(long nowNanos) {
    if (nowNanos - startNanos < 0) {
      return 0;
    }
    long dueSoFar = (long) Math.floor((nowNanos - startNanos) / nanosPerEvent) + 1;
    return Math.max(0, dueSoFar - taken);
  }

  /** Takes the next event; returns when it was due. */
  public long take() {
    long dueAt = startNanos + (long) (taken * nanosPerEvent);
    taken++;
    return dueAt;
  }

  /** Events taken so far. */
  public long taken() {
    return taken;
  }
}
