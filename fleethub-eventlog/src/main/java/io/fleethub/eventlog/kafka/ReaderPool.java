package io.fleethub.eventlog.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Up to a fixed number of {@link RecordReader}s, created on demand and lent to one thread at a time, preferring
 * one already assigned to the wanted partition. Thread-safe. A caller waits while all readers are busy, at most
 * the operation timeout ({@link TimeoutException}); after {@link #close} calls throw
 * {@link IllegalStateException}, and readers still lent are closed when they come back.
 */
final class ReaderPool implements AutoCloseable {
  private final IntFunction<RecordReader> factory;
  private final int size;
  private final Duration timeout;
  private final ArrayDeque<RecordReader> idle = new ArrayDeque<>();
  private int created;
  private boolean closed;

  ReaderPool(int size, Duration timeout, IntFunction<RecordReader> factory) {
    this.size = size;
    this.timeout = timeout;
    this.factory = factory;
  }

  /** Runs {@code call} with a reader of its own; blocks while none is free. */
  <T> T withReader(int partition, Function<RecordReader, T> call) {
    RecordReader reader = borrow(partition);
    try {
      return call.apply(reader);
    } finally {
      giveBack(reader);
    }
  }

  @Override
  public void close() {
    List<RecordReader> toClose;
    synchronized (this) {
      closed = true;
      toClose = new ArrayList<>(idle);
      idle.clear();
      notifyAll();
    }
    toClose.forEach(RecordReader::close);
  }

  private RecordReader borrow(int partition) {
    int index;
    synchronized (this) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        if (closed) {
          throw new IllegalStateException("The event log is closed");
        }
        if (!idle.isEmpty()) {
          return takePreferring(partition);
        }
        if (created < size) {
          index = created++;
          break;
        }
        awaitReturn(deadline);
      }
    }
    return create(index);
  }

  private RecordReader create(int index) {
    try {
      return factory.apply(index);
    } catch (RuntimeException | Error e) {
      synchronized (this) {
        created--;
        notifyAll();
      }
      throw e;
    }
  }

  private RecordReader takePreferring(int partition) {
    for (Iterator<RecordReader> it = idle.iterator(); it.hasNext(); ) {
      RecordReader reader = it.next();
      if (reader.assignedPartition() == partition) {
        it.remove();
        return reader;
      }
    }
    return idle.pop();
  }

  private void awaitReturn(long deadline) {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw new TimeoutException("All " + size + " readers of the event log stayed busy for " + timeout);
    }
    try {
      wait(Math.max(1, remaining / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a reader of the event log", e);
    }
  }

  private void giveBack(RecordReader reader) {
    synchronized (this) {
      if (!closed) {
        idle.push(reader);
        notifyAll();
        return;
      }
    }
    reader.close();
  }
}
