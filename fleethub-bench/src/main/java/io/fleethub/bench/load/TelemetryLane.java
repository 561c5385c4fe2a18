package io.fleethub.bench.load;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The telemetry flows of the devices on one event loop. At a set rate the lane's pacer hands each due message
 * to the next device in turn, every millisecond; flat out, each device refills its own window. Confined to the
 * event loop, except {@link #start} and {@link #stop}, which hop onto it.
 */
final class TelemetryLane {
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final EventLoop loop;
  private final List<TelemetryFlow> flows = new ArrayList<>();
  private final double ratePerSecond;
  private final ArrayDeque<TelemetryFlow> touched = new ArrayDeque<>();
  private Pacer pacer;
  private int next;
  private boolean running;
  private ScheduledFuture<?> ticks;

  /**
   * @param ratePerSecond this lane's share of the fleet's rate; 0 for flat out
   */
  TelemetryLane(EventLoop loop, double ratePerSecond) {
    this.loop = loop;
    this.ratePerSecond = ratePerSecond;
  }

  EventLoop loop() {
    return loop;
  }

  void add(TelemetryFlow flow) {
    flows.add(flow);
  }

  boolean running() {
    return running;
  }

  boolean flatOut() {
    return ratePerSecond == 0;
  }

  /** Starts sending at {@code startNanos}. */
  void start(long startNanos) {
    loop.execute(() -> {
      running = true;
      if (flows.isEmpty()) {
        return;
      }
      if (flatOut()) {
        long now = System.nanoTime();
        for (TelemetryFlow flow : flows) {
          flow.fill(now);
          flow.flushIfDirty();
        }
      } else {
        pacer = new Pacer(ratePerSecond, startNanos);
        ticks = loop.scheduleAtFixedRate(this::tick, 0, TICK_NANOS, TimeUnit.NANOSECONDS);
      }
    });
  }

  /** Stops offering new messages; PUBACKs of those in flight are still counted. */
  void stop() {
    loop.execute(() -> {
      running = false;
      if (ticks != null) {
        ticks.cancel(false);
      }
      flows.forEach(TelemetryFlow::abandon);
    });
  }

  /** Messages in flight on this lane; call on the event loop. */
  int inflight() {
    int sum = 0;
    for (TelemetryFlow flow : flows) {
      sum += flow.inflight();
    }
    return sum;
  }

  private void tick() {
    if (!running) {
      return;
    }
    long due = pacer.due(System.nanoTime());
    for (long i = 0; i < due; i++) {
      TelemetryFlow flow = flows.get(next);
      next = next + 1 == flows.size() ? 0 : next + 1;
      flow.offer(pacer.take());
      touched.add(flow);
    }
    TelemetryFlow flow;
    while ((flow = touched.poll()) != null) {
      flow.flushIfDirty();
    }
  }
}
