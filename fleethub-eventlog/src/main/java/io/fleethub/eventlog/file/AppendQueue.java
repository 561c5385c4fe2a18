package io.fleethub.eventlog.file;

import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The bounded queue between a partition's appending threads and its writer: first in, first out, so one
 * partition stores events in the order of the {@link #offer} calls.
 *
 * <p>Thread-safe; {@link #offer} never blocks on the disk: past {@code maxAppends} events or {@code maxBytes}
 * encoded bytes waiting, it fails the append at once with {@link ErrorCode#THROTTLING_EXCEPTION} ("log
 * overloaded") instead of growing the heap. After {@link #close}, offers fail with the close reason while the
 * writer still takes what was queued before.
 */
final class AppendQueue {
  private final int partition;
  private final int maxAppends;
  private final long maxBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final ArrayDeque<PendingAppend> queue = new ArrayDeque<>();
  private long bytes;
  private Supplier<RuntimeException> closedReason;

  AppendQueue(int partition, int maxAppends, long maxBytes) {
    this.partition = partition;
    this.maxAppends = maxAppends;
    this.maxBytes = maxBytes;
  }

  /** Queues an append, or completes its future exceptionally when the queue is full or closed. */
  void offer(PendingAppend append) {
    RuntimeException refusal;
    lock.lock();
    try {
      refusal = refusal(append);
      if (refusal == null) {
        queue.addLast(append);
        bytes += append.tail.length;
        notEmpty.signal();
      }
    } finally {
      lock.unlock();
    }
    if (refusal != null) {
      append.future.completeExceptionally(refusal);
    }
  }

  /**
   * Waits until something is queued, then takes up to {@code max} appends in order; returns an empty list once
   * the queue is closed and drained. Called by the writer only.
   */
  List<PendingAppend> take(int max) throws InterruptedException {
    lock.lock();
    try {
      while (queue.isEmpty() && closedReason == null) {
        notEmpty.await();
      }
      return drain(max);
    } finally {
      lock.unlock();
    }
  }

  /** Takes up to {@code max} appends without waiting. Called by the writer only. */
  List<PendingAppend> poll(int max) {
    lock.lock();
    try {
      return drain(max);
    } finally {
      lock.unlock();
    }
  }

  /** Refuses further offers with {@code reason}; returns what is still queued when {@code discard} is set. */
  List<PendingAppend> close(Supplier<RuntimeException> reason, boolean discard) {
    lock.lock();
    try {
      if (closedReason == null) {
        closedReason = reason;
      }
      notEmpty.signalAll();
      return discard ? drain(Integer.MAX_VALUE) : List.of();
    } finally {
      lock.unlock();
    }
  }

  private RuntimeException refusal(PendingAppend append) {
    if (closedReason != null) {
      return closedReason.get();
    }
    if (queue.size() >= maxAppends || bytes + append.tail.length > maxBytes) {
      return new HubException(ErrorCode.THROTTLING_EXCEPTION, "Event log overloaded: partition " + partition
          + " already has " + queue.size() + " appends (" + bytes + " bytes) waiting for the disk; retry later");
    }
    return null;
  }

  private List<PendingAppend> drain(int max) {
    int count = Math.min(max, queue.size());
    List<PendingAppend> taken = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      PendingAppend append = queue.pollFirst();
      bytes -= append.tail.length;
      taken.add(append);
    }
    return taken;
  }
}
