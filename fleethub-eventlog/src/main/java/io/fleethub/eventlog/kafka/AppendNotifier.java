package io.fleethub.eventlog.kafka;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code onAppended} callbacks of a {@link KafkaEventLog}, run on one thread of their own. It learns of new
 * events in two ways: this node's appends, reported by {@link #appended} once acknowledged, and, while any
 * callback is registered, a check of the partitions' end offsets every watch interval, which sees what other
 * hub nodes appended. Each partition remembers the highest end offset seen; a callback runs when it grows.
 * Notifications in a burst are coalesced, and a callback may run once more than strictly needed, never less.
 * Thread-safe.
 */
final class AppendNotifier {
  private static final Logger LOG = LoggerFactory.getLogger(AppendNotifier.class);

  private final List<List<Runnable>> listeners;
  private final AtomicLongArray knownEnds;
  private final AtomicIntegerArray pending;
  private final Function<Set<Integer>, CompletionStage<Map<Integer, Long>>> endOffsets;
  private final Duration watchInterval;
  private final ScheduledExecutorService thread;
  private final AtomicBoolean watchInFlight = new AtomicBoolean();
  private volatile Thread notifierThread;
  private ScheduledFuture<?> watch;
  private int registered;

  /**
   * @param initialEnds each partition's end offset when the log opened
   * @param endOffsets asks the cluster for the end offsets of some partitions, without blocking
   */
  AppendNotifier(long[] initialEnds, Duration watchInterval, String threadName,
      Function<Set<Integer>, CompletionStage<Map<Integer, Long>>> endOffsets) {
    this.listeners = new CopyOnWriteArrayList<>();
    for (int i = 0; i < initialEnds.length; i++) {
      listeners.add(new CopyOnWriteArrayList<>());
    }
    this.knownEnds = new AtomicLongArray(initialEnds);
    this.pending = new AtomicIntegerArray(initialEnds.length);
    this.endOffsets = endOffsets;
    this.watchInterval = watchInterval;
    this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread t = new Thread(task, threadName);
      t.setDaemon(true);
      notifierThread = t;
      return t;
    });
  }

  AutoCloseable register(int partition, Runnable callback) {
    listeners.get(partition).add(callback);
    changeRegistered(1);
    AtomicBoolean removed = new AtomicBoolean();
    return () -> {
      if (removed.compareAndSet(false, true)) {
        listeners.get(partition).remove(callback);
        changeRegistered(-1);
      }
    };
  }

  /** The highest end offset seen for the partition: a lower bound of its real end offset. */
  long knownEnd(int partition) {
    return knownEnds.get(partition);
  }

  /** Records that the partition holds events up to {@code endOffset} (exclusive), notifying when that is news. */
  void appended(int partition, long endOffset) {
    if (advance(partition, endOffset) && !listeners.get(partition).isEmpty()
        && pending.compareAndSet(partition, 0, 1)) {
      runOnThread(() -> {
        pending.set(partition, 0);
        notifyListeners(partition);
      });
    }
  }

  /** Whether the caller is the thread that runs the callbacks. */
  boolean isNotifierThread() {
    return Thread.currentThread() == notifierThread;
  }

  /**
   * Stops the watch and lets notifications already due run, waiting for them at most {@code timeout}, then
   * interrupts a callback still running.
   */
  void close(Duration timeout) {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void changeRegistered(int delta) {
    registered += delta;
    if (registered > 0 && watch == null && !thread.isShutdown()) {
      long interval = watchInterval.toMillis();
      try {
        watch = thread.scheduleWithFixedDelay(this::checkEndOffsets, interval, interval, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        LOG.debug("The event log is closing; its end offsets are no longer watched");
      }
    } else if (registered == 0 && watch != null) {
      watch.cancel(false);
      watch = null;
    }
  }

  private void checkEndOffsets() {
    Set<Integer> watched = new HashSet<>();
    for (int partition = 0; partition < listeners.size(); partition++) {
      if (!listeners.get(partition).isEmpty()) {
        watched.add(partition);
      }
    }
    if (watched.isEmpty() || !watchInFlight.compareAndSet(false, true)) {
      return;
    }
    endOffsets.apply(watched).whenComplete((ends, failure) -> runOnThread(() -> {
      watchInFlight.set(false);
      if (failure != null) {
        LOG.debug("Checking the end offsets of the event topic failed; tried again in {}", watchInterval, failure);
        return;
      }
      ends.forEach((partition, end) -> {
        if (advance(partition, end)) {
          notifyListeners(partition);
        }
      });
    }));
  }

  private boolean advance(int partition, long end) {
    long known;
    do {
      known = knownEnds.get(partition);
      if (end <= known) {
        return false;
      }
    } while (!knownEnds.compareAndSet(partition, known, end));
    return true;
  }

  private void notifyListeners(int partition) {
    for (Runnable listener : listeners.get(partition)) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.warn("An onAppended listener of partition {} failed", partition, e);
      }
    }
  }

  private void runOnThread(Runnable task) {
    try {
      thread.execute(task);
    } catch (RejectedExecutionException e) {
      LOG.debug("The event log is closed; a notification was dropped");
    }
  }
}
