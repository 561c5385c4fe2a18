package io.fleethub.bench.load;

/** The monotonic time a run is measured by, and waiting for it; a test supplies one it moves by hand. */
public interface Ticker {
  Ticker SYSTEM = new Ticker() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleepUntil(long deadlineNanos) throws InterruptedException {
      long remaining;
      while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
        Thread.sleep(remaining / 1_000_000, (int) (remaining % 1_000_000));
      }
    }
  };

  /** On the {@link System#nanoTime()} scale. */
  long nanoTime();

  /** Returns once {@link #nanoTime()} has reached {@code deadlineNanos}. */
  void sleepUntil(long deadlineNanos) throws InterruptedException;
}
