package io.fleethub.bench.load;

import java.time.Duration;

/** A running scenario load, as the bench stops and drains it after its measured window. */
public interface Load {
  /** Stops offering new operations; those in flight go on. */
  void stop() throws InterruptedException;

  /** Waits up to {@code timeout} for the operations in flight; returns how many were still unfinished. */
  int awaitDrained(Duration timeout) throws InterruptedException;
}
