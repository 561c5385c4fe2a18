package io.fleethub.bench.load;

import io.fleethub.bench.mqtt.ClientTransport;
import io.fleethub.bench.mqtt.ConnectionListener;
import io.fleethub.bench.mqtt.DeviceConnection;
import io.fleethub.bench.mqtt.DeviceCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import javax.net.ssl.SSLSession;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A fleet of simulated devices, connected at a set rate with a bounded number of attempts in flight. Devices
 * that fail to connect are counted by reason and not retried; a ready device that loses its connection is
 * counted as lost and leaves the fleet.
 *
 * <p>{@link #connect} runs the ramp on the calling thread; the connections' events arrive on the transport's
 * event loops. Thread-safe.
 */
public final class Fleet implements AutoCloseable {
  private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ClientTransport transport;
  private final FleetSettings settings;
  private final Errors errors;
  private final AtomicReferenceArray<DeviceConnection> ready;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger connected = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger lost = new AtomicInteger();
  private final AtomicReference<String> tls = new AtomicReference<>();
  private final Recorder connectLatency = new Recorder(1, Meter.HIGHEST_MICROS, 3);
  private final Listener listener = new Listener();
  private volatile Histogram connectLatencies;
  private long rampNanos;

  private Fleet(ClientTransport transport, FleetSettings settings, Errors errors) {
    this.transport = transport;
    this.settings = settings;
    this.errors = errors;
    this.ready = new AtomicReferenceArray<>(settings.devices());
  }

  /** The connect phase of a run. */
  public record Ramp(int attempted, int connected, int failed, double seconds, Histogram latencyMicros) {
    /** Connections that became ready per second of the ramp. */
    public double connectsPerSecond() {
      return seconds > 0 ? connected / seconds : 0;
    }
  }

  /**
   * Connects devices {@code 0 .. settings.devices() - 1}, printing one progress line per second to
   * {@code progress}, and returns once every attempt has succeeded or failed.
   */
  public static Fleet connect(ClientTransport transport, IntFunction<DeviceCredentials> devices,
      FleetSettings settings, Errors errors, Ticker ticker, Consumer<String> progress) throws InterruptedException {
    Objects.requireNonNull(devices, "devices");
    Fleet fleet = new Fleet(Objects.requireNonNull(transport, "transport"), Objects.requireNonNull(settings,
        "settings"), Objects.requireNonNull(errors, "errors"));
    fleet.ramp(devices, ticker, progress);
    return fleet;
  }

  private void ramp(IntFunction<DeviceCredentials> devices, Ticker ticker, Consumer<String> progress)
      throws InterruptedException {
    long start = ticker.nanoTime();
    Pacer pacer = new Pacer(settings.connectRate(), start);
    long nextProgress = start + PROGRESS_NANOS;
    int started = 0;
    while (started < settings.devices() || pending.get() > 0) {
      long now = ticker.nanoTime();
      long room = settings.maxPendingConnects() - pending.get();
      long batch = Math.min(Math.min(pacer.due(now), room), settings.devices() - started);
      for (long i = 0; i < batch; i++, started++) {
        pacer.take();
        startConnect(started, devices.apply(started), now);
      }
      if (now - nextProgress >= 0) {
        progress.accept(rampLine(started, now - start));
        nextProgress += PROGRESS_NANOS;
      }
      ticker.sleepUntil(now + TimeUnit.MILLISECONDS.toNanos(1));
    }
    rampNanos = ticker.nanoTime() - start;
    connectLatencies = connectLatency.getIntervalHistogram();
    progress.accept(rampLine(started, rampNanos));
  }

  private void startConnect(int index, DeviceCredentials credentials, long nowNanos) {
    pending.incrementAndGet();
    DeviceConnection connection = new DeviceConnection(index, credentials, settings.subscriptions().apply(credentials),
        settings.keepAliveSeconds(), settings.connectTimeout(), listener, nowNanos);
    transport.connect(connection);
  }

  private String rampLine(int started, long elapsedNanos) {
    double seconds = elapsedNanos / 1e9;
    return String.format("[%6.1fs] connect  started %,d/%,d  ready %,d  pending %,d  failed %,d  %,.0f/s",
        seconds, started, settings.devices(), connected.get(), pending.get(), failed.get(),
        seconds > 0 ? connected.get() / seconds : 0.0);
  }

  /** The ramp's figures; connections lost after the ramp do not change them. */
  public Ramp ramp() {
    return new Ramp(settings.devices(), settings.devices() - failed.get(), failed.get(), rampNanos / 1e9,
        connectLatencies.copy());
  }

  /** Devices connected now. */
  public int connectedCount() {
    return connected.get();
  }

  /** Ready connections lost since the ramp began. */
  public int lostCount() {
    return lost.get();
  }

  /** The connections that are ready now, in device order. */
  public List<DeviceConnection> readyConnections() {
    List<DeviceConnection> list = new ArrayList<>(connected.get());
    for (int i = 0; i < ready.length(); i++) {
      DeviceConnection connection = ready.get(i);
      if (connection != null) {
        list.add(connection);
      }
    }
    return list;
  }

  /** The first negotiated TLS session, as {@code protocol cipher suite}; empty without TLS. */
  public Optional<String> tls() {
    return Optional.ofNullable(tls.get());
  }

  /** Disconnects every device (DISCONNECT, then close) and waits up to {@code timeout} for the sockets. */
  public void close(Duration timeout) {
    List<DeviceConnection> open = readyConnections();
    for (int i = 0; i < ready.length(); i++) {
      ready.set(i, null);
    }
    open.forEach(DeviceConnection::close);
    long deadline = System.nanoTime() + timeout.toNanos();
    for (DeviceConnection connection : open) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0 || !connection.channel().closeFuture().awaitUninterruptibly(remaining,
          TimeUnit.NANOSECONDS)) {
        break;
      }
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  private final class Listener implements ConnectionListener {
    @Override
    public void ready(DeviceConnection connection, long nowNanos) {
      connectLatency.recordValue(Math.max(1, Math.min(Meter.HIGHEST_MICROS,
          (nowNanos - connection.startedNanos()) / 1_000)));
      if (tls.get() == null) {
        connection.tlsSession().map(Listener::describe).ifPresent(text -> tls.compareAndSet(null, text));
      }
      ready.set(connection.index(), connection);
      connected.incrementAndGet();
      pending.decrementAndGet();
    }

    @Override
    public void failed(DeviceConnection connection, String reason) {
      errors.record("connect: " + reason);
      failed.incrementAndGet();
      pending.decrementAndGet();
    }

    @Override
    public void lost(DeviceConnection connection, String reason) {
      errors.record("lost: " + reason);
      ready.compareAndSet(connection.index(), connection, null);
      connected.decrementAndGet();
      lost.incrementAndGet();
    }

    private static String describe(SSLSession session) {
      return session.getProtocol() + " " + session.getCipherSuite();
    }
  }
}
