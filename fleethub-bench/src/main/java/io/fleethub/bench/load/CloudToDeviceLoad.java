package io.fleethub.bench.load;

import io.fleethub.bench.mqtt.DeviceConnection;
import io.fleethub.bench.service.CloudToDeviceMessages;
import io.fleethub.bench.service.CloudToDeviceSender;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Cloud-to-device messages to the ready devices of a fleet: the bench, as the back end, sends them over AMQP at a
 * set rate, round-robin over the devices, and each device receives its own ({@link CloudToDeviceReceiver}). A
 * message is timed from its send to its arrival at the device and counts as completed there; one the hub refuses
 * counts as failed, with the hub's reason among the errors. To keep each device's queue short of IoT Hub's limit, a
 * device holds at most {@link CloudToDeviceSettings#maxPendingPerDevice()} messages sent and not yet arrived; a
 * message due for a device with that many is skipped. Thread-safe.
 */
public final class CloudToDeviceLoad implements Load {
  private final List<String> deviceIds;
  private final CloudToDeviceSender sender;
  private final CloudToDeviceSettings settings;
  private final Meter meter;
  private final Errors errors;
  private final String runId;
  private final byte[] payload;
  /** Per device: messages sent that have neither arrived nor been refused. */
  private final AtomicIntegerArray pending;
  private long sequence;
  private PacedLoad paced;

  private CloudToDeviceLoad(List<String> deviceIds, CloudToDeviceSender sender, CloudToDeviceSettings settings,
      Meter meter, Errors errors, String runId) {
    this.deviceIds = deviceIds;
    this.sender = sender;
    this.settings = settings;
    this.meter = meter;
    this.errors = errors;
    this.runId = runId;
    this.payload = settings.payload();
    this.pending = new AtomicIntegerArray(deviceIds.size());
  }

  /** Makes every connection time the messages it receives; nothing is sent before {@link #start}. */
  public static CloudToDeviceLoad on(List<DeviceConnection> connections, CloudToDeviceSender sender,
      CloudToDeviceSettings settings, Meter meter, Errors errors) {
    if (connections.isEmpty()) {
      throw new IllegalStateException("no device is connected, so there is no one to send messages to");
    }
    CloudToDeviceLoad load = new CloudToDeviceLoad(
        connections.stream().map(connection -> connection.credentials().deviceId()).toList(),
        Objects.requireNonNull(sender, "sender"), Objects.requireNonNull(settings, "settings"),
        Objects.requireNonNull(meter, "meter"), Objects.requireNonNull(errors, "errors"),
        UUID.randomUUID().toString());
    DeviceHandlers.install(connections,
        index -> new CloudToDeviceReceiver(index, load.runId, load::settle, meter, errors));
    return load;
  }

  /** Starts sending; the first message is due at {@code startNanos}. */
  public void start(long startNanos, Ticker ticker) {
    paced = new PacedLoad(settings.ratePerSecond(), startNanos, deviceIds.size(), this::send, meter);
    paced.start(ticker);
  }

  /** Stops sending; messages on their way are still counted when they arrive. */
  public void stop() throws InterruptedException {
    paced.stop();
  }

  /** Waits up to {@code timeout} for the messages on their way; returns how many have not arrived. */
  public int awaitDrained(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int waiting;
    while ((waiting = pending()) > 0 && System.nanoTime() - deadline < 0) {
      Thread.sleep(20);
    }
    return waiting;
  }

  private int pending() {
    int sum = 0;
    for (int i = 0; i < pending.length(); i++) {
      sum += pending.get(i);
    }
    return sum;
  }

  /** On the pacing thread, the only one that adds to {@link #pending}. */
  private boolean send(int device, long dueNanos) {
    if (pending.get(device) >= settings.maxPendingPerDevice()) {
      return false;
    }
    pending.incrementAndGet(device);
    meter.started();
    String deviceId = deviceIds.get(device);
    String messageId = runId + "-" + sequence++;
    sender.send(sentNanos -> CloudToDeviceMessages.message(deviceId, messageId, runId, sentNanos, payload),
        refusal -> refusal.ifPresent(reason -> {
          settle(device);
          meter.failed();
          errors.record("c2d: " + reason);
        }));
    return true;
  }

  /** A message of device {@code index} arrived or was refused. */
  private void settle(int index) {
    pending.getAndUpdate(index, count -> Math.max(0, count - 1));
  }
}
