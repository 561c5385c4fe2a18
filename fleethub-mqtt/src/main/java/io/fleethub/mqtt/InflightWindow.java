package io.fleethub.mqtt;

import java.util.ArrayDeque;
import java.util.function.IntConsumer;

/**
 * The publishes of one connection that wait for the hub (telemetry for the event log, twin requests for their
 * answer), in arrival order. MQTT 3.1.1 requires PUBACKs in
 * the order the PUBLISH packets arrived, so a publish stored early is acknowledged only once every earlier one
 * is. The window is full at {@code capacity} entries (the connection then stops reading) and has room again when
 * at most half of them are left, so a slow log does not make the socket flap.
 *
 * <p>Confined to the connection's context. Memory: one small entry per publish in flight.
 */
final class InflightWindow {
  /** A QoS 0 publish: counted, never acknowledged. */
  static final int NO_ACK = -1;

  private final int capacity;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();

  InflightWindow(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.capacity = capacity;
  }

  /** One publish in flight; {@link #stored} marks it durable. */
  static final class Entry {
    private final int packetId;
    private boolean stored;

    private Entry(int packetId) {
      this.packetId = packetId;
    }
  }

  /** Adds a publish; {@code packetId} is {@link #NO_ACK} for QoS 0. */
  Entry add(int packetId) {
    Entry entry = new Entry(packetId);
    entries.add(entry);
    return entry;
  }

  /**
   * Marks a publish durable and acknowledges, in order, every publish at the head of the window that is durable:
   * {@code puback} receives their packet ids.
   */
  void stored(Entry entry, IntConsumer puback) {
    entry.stored = true;
    while (!entries.isEmpty() && entries.peek().stored) {
      int packetId = entries.poll().packetId;
      if (packetId != NO_ACK) {
        puback.accept(packetId);
      }
    }
  }

  boolean isFull() {
    return entries.size() >= capacity;
  }

  boolean hasRoom() {
    return entries.size() <= capacity / 2;
  }

  int size() {
    return entries.size();
  }
}
