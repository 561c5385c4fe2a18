package io.fleethub.bench.load;

import io.fleethub.bench.mqtt.DeviceConnection;
import io.fleethub.bench.mqtt.InflightWindow;
import io.fleethub.bench.mqtt.PacketHandler;
import io.fleethub.bench.mqtt.PublishEncoder;

/**
 * One device's telemetry: sends PUBLISHes within its in-flight window and times each from when it was due to
 * its PUBACK. At a set rate, due messages that find the window full wait in a backlog (their wait counts in
 * the latency); flat out, each PUBACK makes room for the next message at once.
 *
 * <p>Confined to the connection's event loop.
 */
final class TelemetryFlow implements PacketHandler {
  private final DeviceConnection connection;
  private final PublishEncoder encoder;
  private final InflightWindow window;
  private final LongRing backlog = new LongRing();
  private final TelemetryLane lane;
  private final Meter meter;
  private final Errors errors;
  private final int maxBacklog;
  private boolean dirty;

  TelemetryFlow(DeviceConnection connection, PublishEncoder encoder, int inflight, int maxBacklog,
      TelemetryLane lane, Meter meter, Errors errors) {
    this.connection = connection;
    this.encoder = encoder;
    this.window = encoder.hasPacketId() ? new InflightWindow(inflight) : null;
    this.maxBacklog = maxBacklog;
    this.lane = lane;
    this.meter = meter;
    this.errors = errors;
  }

  /** A message falls due at {@code dueNanos} (set-rate load). */
  void offer(long dueNanos) {
    if (backlog.isEmpty() && hasRoom()) {
      send(dueNanos);
    } else if (backlog.size() < maxBacklog) {
      backlog.add(dueNanos);
    } else {
      meter.skipped();
    }
  }

  /** Sends until the window (QoS 1) or the socket's buffer (QoS 0) is full (flat-out load). */
  void fill(long nowNanos) {
    while (lane.running() && connection.isReady() && hasRoom()) {
      send(nowNanos);
    }
  }

  /** Flushes what was written since the last flush. */
  void flushIfDirty() {
    if (dirty) {
      dirty = false;
      connection.flush();
    }
  }

  /** PUBACKs still expected: none once the connection is gone. */
  int inflight() {
    return window == null || !connection.channel().isActive() ? 0 : window.inflight();
  }

  @Override
  public void puback(DeviceConnection device, int packetId, long nowNanos) {
    long due = window == null ? InflightWindow.NOT_IN_FLIGHT : window.release(packetId);
    if (due == InflightWindow.NOT_IN_FLIGHT) {
      errors.record("PUBACK for a packet id not in flight");
      return;
    }
    meter.completed(nowNanos - due);
    drainBacklog();
    if (lane.flatOut()) {
      fill(nowNanos);
    }
  }

  @Override
  public void readComplete(DeviceConnection device) {
    flushIfDirty();
  }

  @Override
  public void writable(DeviceConnection device) {
    drainBacklog();
    if (lane.flatOut()) {
      fill(System.nanoTime());
    }
    flushIfDirty();
  }

  /** Counts what was still in flight or waiting when the run ended. */
  void abandon() {
    int unsent = backlog.size();
    for (int i = 0; i < unsent; i++) {
      backlog.poll();
      meter.skipped();
    }
  }

  private void drainBacklog() {
    while (!backlog.isEmpty() && hasRoom()) {
      send(backlog.poll());
    }
  }

  private boolean hasRoom() {
    return window != null ? window.hasRoom() : connection.isWritable();
  }

  private void send(long dueNanos) {
    if (window == null) {
      connection.write(encoder.encode(connection.channel().alloc(), 0));
      meter.started();
      meter.completedUntimed();
    } else {
      int packetId = window.acquire(dueNanos);
      connection.write(encoder.encode(connection.channel().alloc(), packetId));
      meter.started();
    }
    dirty = true;
  }
}
