package io.fleethub.bench.mqtt;

import java.util.Arrays;

/**
 * The QoS 1 publishes of one connection that await their PUBACK, with the time each was meant to be sent.
 *
 * <p>Packet ids run 1, 2, ... up to the largest multiple of the capacity below 65536 and wrap; an id's slot is
 * {@code (id - 1) % capacity}. A publish may go out only when its slot is free, so at most {@code capacity}
 * are in flight, and an id is never reused while its PUBACK is outstanding. Confined to the connection's event
 * loop.
 */
public final class InflightWindow {
  /** What {@link #release} returns for a packet id that is not in flight. */
  public static final long NOT_IN_FLIGHT = Long.MIN_VALUE;
  private static final long FREE = NOT_IN_FLIGHT;

  private final int capacity;
  private final int lastId;
  private final long[] intendedAt;
  private final int[] idAt;
  private int nextId = 1;
  private int inflight;

  public InflightWindow(int capacity) {
    if (capacity < 1 || capacity > 65_535) {
      throw new IllegalArgumentException("the in-flight window is 1 to 65535 publishes, not " + capacity);
    }
    this.capacity = capacity;
    this.lastId = (65_535 / capacity) * capacity;
    this.intendedAt = new long[capacity];
    this.idAt = new int[capacity];
    Arrays.fill(intendedAt, FREE);
  }

  public int capacity() {
    return capacity;
  }

  public int inflight() {
    return inflight;
  }

  /** True when the next packet id's slot is free. */
  public boolean hasRoom() {
    return intendedAt[slot(nextId)] == FREE;
  }

  /**
   * Takes the next packet id for a publish meant to be sent at {@code intendedNanos}; 0 when the window is
   * full.
   */
  public int acquire(long intendedNanos) {
    int id = nextId;
    int slot = slot(id);
    if (intendedAt[slot] != FREE) {
      return 0;
    }
    intendedAt[slot] = intendedNanos;
    idAt[slot] = id;
    inflight++;
    nextId = id == lastId ? 1 : id + 1;
    return id;
  }

  /**
   * Frees a packet id on its PUBACK; returns when that publish was meant to be sent, or {@link Long#MIN_VALUE}
   * for an id not in flight (a PUBACK the client never asked for).
   */
  public long release(int packetId) {
    if (packetId < 1 || packetId > lastId) {
      return FREE;
    }
    int slot = slot(packetId);
    long intended = intendedAt[slot];
    if (intended == FREE || idAt[slot] != packetId) {
      return FREE;
    }
    intendedAt[slot] = FREE;
    inflight--;
    return intended;
  }

  private int slot(int packetId) {
    return (packetId - 1) % capacity;
  }
}
