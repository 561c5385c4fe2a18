package io.fleethub.bench.load;

import io.fleethub.bench.mqtt.DeviceConnection;
import io.fleethub.bench.mqtt.PublishEncoder;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Telemetry from every ready device of a fleet: QoS 0 or 1 PUBLISHes to each device's telemetry topic, at a set
 * rate spread evenly over the devices or flat out, counted and timed by a {@link Meter}. Thread-safe.
 */
public final class TelemetryLoad implements Load {
  private final List<TelemetryLane> lanes;

  private TelemetryLoad(List<TelemetryLane> lanes) {
    this.lanes = lanes;
  }

  /**
   * Installs a telemetry flow on each connection; nothing is sent before {@link #start}. The rate is split
   * between the event loops in proportion to their devices.
   */
  public static TelemetryLoad on(List<DeviceConnection> connections, TelemetrySettings settings, Meter meter,
      Errors errors) {
    if (connections.isEmpty()) {
      throw new IllegalStateException("no device is connected, so there is no one to send telemetry");
    }
    Map<EventLoop, List<DeviceConnection>> byLoop = new IdentityHashMap<>();
    for (DeviceConnection connection : connections) {
      byLoop.computeIfAbsent(connection.channel().eventLoop(), loop -> new ArrayList<>()).add(connection);
    }
    byte[] payload = settings.payload();
    List<TelemetryLane> lanes = new ArrayList<>();
    byLoop.forEach((loop, devices) -> {
      double share = settings.ratePerSecond() * devices.size() / connections.size();
      TelemetryLane lane = new TelemetryLane(loop, share);
      for (DeviceConnection device : devices) {
        PublishEncoder encoder = new PublishEncoder(device.credentials().telemetryTopic(), settings.qos(), payload);
        TelemetryFlow flow = new TelemetryFlow(device, encoder, settings.inflight(), settings.maxBacklog(), lane,
            meter, errors);
        lane.add(flow);
        device.handle(flow);
      }
      lanes.add(lane);
    });
    return new TelemetryLoad(lanes);
  }

  /** Starts sending; at a set rate, the first messages are due at {@code startNanos}. */
  public void start(long startNanos) {
    lanes.forEach(lane -> lane.start(startNanos));
  }

  /** Stops offering messages; messages that were waiting for room in a window are counted as skipped. */
  public void stop() {
    lanes.forEach(TelemetryLane::stop);
  }

  /** Waits up to {@code timeout} for the PUBACKs of what is in flight; returns how many are still missing. */
  public int awaitDrained(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int inflight;
    while ((inflight = inflight()) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return inflight;
  }

  private int inflight() throws InterruptedException {
    int sum = 0;
    for (TelemetryLane lane : lanes) {
      CompletableFuture<Integer> count = new CompletableFuture<>();
      lane.loop().execute(() -> count.complete(lane.inflight()));
      try {
        sum += count.get(5, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("an event loop did not answer within 5 s", e);
      }
    }
    return sum;
  }
}
