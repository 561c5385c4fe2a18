package io.fleethub.bench.load;

import io.fleethub.bench.mqtt.DeviceConnection;
import io.fleethub.bench.service.MethodInvoker;
import io.fleethub.bench.service.MethodOutcome;
import io.fleethub.bench.target.TargetException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct method calls to the ready devices of a fleet. Each device answers every request at once
 * ({@link MethodResponder}); the bench, as the back end, calls at a set rate, round-robin over the devices, with at
 * most {@link MethodSettings#maxInflight()} calls awaiting their answer (a call due when that many wait is
 * skipped). A call is timed from sending its request to the hub's answer, and counts as completed when
 * {@link MethodOutcome} finds it succeeded, else as failed with its reason among the errors. Thread-safe.
 */
public final class MethodLoad implements Load {
  /** Calls made by {@link #prime}: enough to open the HTTP client's first connections and warm both sides. */
  private static final int PRIMING_CALLS = 16;

  private final List<String> deviceIds;
  private final MethodInvoker invoker;
  private final MethodSettings settings;
  private final Meter meter;
  private final Errors errors;
  private final AtomicInteger inflight = new AtomicInteger();
  private PacedLoad paced;

  private MethodLoad(List<String> deviceIds, MethodInvoker invoker, MethodSettings settings, Meter meter,
      Errors errors) {
    this.deviceIds = deviceIds;
    this.invoker = invoker;
    this.settings = settings;
    this.meter = meter;
    this.errors = errors;
  }

  /** Makes every connection answer its method requests; nothing is called before {@link #start}. */
  public static MethodLoad on(List<DeviceConnection> connections, MethodInvoker invoker, MethodSettings settings,
      Meter meter, Errors errors) {
    if (connections.isEmpty()) {
      throw new IllegalStateException("no device is connected, so there is no one to call");
    }
    DeviceHandlers.install(connections, index -> new MethodResponder(errors));
    return new MethodLoad(connections.stream().map(connection -> connection.credentials().deviceId()).toList(),
        Objects.requireNonNull(invoker, "invoker"), Objects.requireNonNull(settings, "settings"),
        Objects.requireNonNull(meter, "meter"), Objects.requireNonNull(errors, "errors"));
  }

  /**
   * Makes a few calls one after the other before the load, counted nowhere: they open the HTTP client's first
   * connections and warm both sides, so the load does not start with a burst of TLS handshakes, and a hub that
   * refuses calls is found before the measurement.
   *
   * @throws TargetException with the hub's answer when a call fails
   */
  public void prime() throws InterruptedException {
    for (int i = 0; i < PRIMING_CALLS; i++) {
      String deviceId = deviceIds.get(i % deviceIds.size());
      Optional<String> failure;
      try {
        MethodInvoker.Answer response = invoker.invoke(deviceId)
            .get(settings.responseTimeout().plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        failure = MethodOutcome.failure(response.status(), response.body());
      } catch (ExecutionException | TimeoutException e) {
        failure = Optional.of(unanswered(e instanceof ExecutionException ? e.getCause() : e));
      }
      if (failure.isPresent()) {
        boolean refused = failure.get().startsWith("HTTP 401") || failure.get().startsWith("HTTP 403");
        throw new TargetException("a direct method call on " + deviceId + " failed before the load began: "
            + failure.get() + (refused ? " (the hub's policy in hub.json or --connection-string must grant"
                + " ServiceConnect)" : ""));
      }
    }
  }

  /** Starts calling; the first call is due at {@code startNanos}. */
  public void start(long startNanos, Ticker ticker) {
    paced = new PacedLoad(settings.ratePerSecond(), startNanos, deviceIds.size(), this::call, meter);
    paced.start(ticker);
  }

  /** Stops making calls; those in flight go on to their answer. */
  public void stop() throws InterruptedException {
    paced.stop();
  }

  /** Waits up to {@code timeout} for the calls in flight; returns how many are still without an answer. */
  public int awaitDrained(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int waiting;
    while ((waiting = inflight.get()) > 0 && System.nanoTime() - deadline < 0) {
      Thread.sleep(20);
    }
    return waiting;
  }

  /** On the pacing thread, the only one that adds to {@link #inflight}. */
  private boolean call(int target, long dueNanos) {
    if (inflight.get() >= settings.maxInflight()) {
      return false;
    }
    inflight.incrementAndGet();
    meter.started();
    long sentNanos = System.nanoTime();
    CompletableFuture<MethodInvoker.Answer> answer;
    try {
      answer = invoker.invoke(deviceIds.get(target));
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete((response, error) -> {
      long latency = System.nanoTime() - sentNanos;
      Optional<String> failure = error != null ? Optional.of(unanswered(error))
          : MethodOutcome.failure(response.status(), response.body());
      if (failure.isEmpty()) {
        meter.completed(latency);
      } else {
        meter.failed();
        errors.record("method: " + failure.get());
      }
      inflight.decrementAndGet();
    });
    return true;
  }

  private static String unanswered(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String message = cause.getMessage();
    return "no answer: " + cause.getClass().getSimpleName() + (message == null || message.isBlank() ? ""
        : ": " + message);
  }
}
