package io.fleethub.bench.load;

/** A growable FIFO of longs without boxing, for due times waiting to be sent. Not thread-safe. */
final class LongRing {
  private long[] items = new long[4];
  private int head;
  private int size;

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  void add(long value) {
    if (size == items.length) {
      long[] grown = new long[items.length * 2];
      for (int i = 0; i < size; i++) {
        grown[i] = items[(head + i) % items.length];
      }
      items = grown;
      head = 0;
    }
    items[(head + size) % items.length] = value;
    size++;
  }

  long poll() {
    if (size == 0) {
      throw new IllegalStateException("empty");
    }
    long value = items[head];
    head = (head + 1) % items.length;
    size--;
    return value;
  }
}
