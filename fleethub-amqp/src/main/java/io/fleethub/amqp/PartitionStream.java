package io.fleethub.amqp;

import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.eventlog.PartitionInfo;
import io.fleethub.core.eventlog.StoredEvent;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.proton.ProtonDelivery;
import io.vertx.proton.ProtonSender;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one partition's events, from a start sequence number on, to one receiver link, driven by the credit
 * the client grants:
 *
 * <ul>
 *   <li>it sends only while the link has credit and the connection's socket takes writes ({@link WriteGate});
 *   <li>it reads the log on a worker thread, at most {@code batchSize} events at a time and never more than the
 *       credit asks for or than {@code capacity} events held unsent (read but not sent, or sent but held by the
 *       AMQP engine while the client's session window is shut), so a slow consumer costs a bounded amount of
 *       memory;
 *   <li>caught up with the log, it waits for {@link EventLog#onAppended} instead of polling.
 * </ul>
 *
 * <p>Confined to the connection's context, except the append callback, which may come from any thread and only
 * schedules a pump there.
 */
final class PartitionStream {
  private static final Logger log = LoggerFactory.getLogger(PartitionStream.class);
  private static final long SESSION_WINDOW_RETRY_MILLIS = 20;

  /** What a stream reads from and how much it may hold. */
  record Source(Vertx vertx, EventLog log, int partition, WorkerExecutor worker, Clock clock, int batchSize,
      int capacity) {}

  private final Source source;
  private final ProtonSender sender;
  private final Context context;
  private final WriteGate gate;
  private final boolean runtimeMetrics;
  private final IntConsumer bufferedLevel;
  private final ArrayDeque<StoredEvent> buffer = new ArrayDeque<>();
  private final AtomicBoolean parked = new AtomicBoolean();
  private final AtomicLong appends = new AtomicLong();
  private final Runnable pump = this::pump;
  private long next;
  private PartitionInfo lastInfo;
  private AutoCloseable appendListener;
  private boolean reading;
  private boolean retryScheduled;
  private boolean closed;

  /**
   * @param runtimeMetrics whether each delivery carries the partition's last enqueued event (the receiver asked
   *     for {@code com.microsoft:enable-receiver-runtime-metric})
   * @param bufferedLevel told how many events the stream holds unsent after each read, for the endpoint's metric;
   *     never more than the source's capacity
   */
  PartitionStream(Source source, ProtonSender sender, Context context, WriteGate gate, long start,
      boolean runtimeMetrics, IntConsumer bufferedLevel) {
    this.source = source;
    this.sender = sender;
    this.context = context;
    this.gate = gate;
    this.next = start;
    this.runtimeMetrics = runtimeMetrics;
    this.bufferedLevel = bufferedLevel;
  }

  /** Starts delivering as credit arrives. Call once, on the connection's context, after the link is open. */
  void start() {
    appendListener = source.log().onAppended(source.partition(), this::onAppended);
    sender.sendQueueDrainHandler(credited -> pump());
    pump();
  }

  /** Stops for good: no more reads or sends; events held are dropped. Idempotent. */
  void stop() {
    if (closed) {
      return;
    }
    closed = true;
    buffer.clear();
    gate.forget(pump);
    try {
      appendListener.close();
    } catch (Exception e) {
      log.debug("Could not unregister the append listener of partition {}", source.partition(), e);
    }
  }

  private void pump() {
    if (closed) {
      return;
    }
    while (!buffer.isEmpty() && !sender.sendQueueFull()) {
      if (gate.isFull()) {
        gate.whenWritable(pump);
        return;
      }
      if (sender.getQueued() >= source.capacity()) {
        retryLater();
        return;
      }
      send(buffer.poll());
    }
    int wanted = Math.min(sender.getRemoteCredit() - buffer.size(), source.capacity() - held());
    if (!reading && wanted > 0) {
      read(Math.min(wanted, source.batchSize()));
    }
  }

  /** Events read and not yet sent, plus deliveries the AMQP engine holds because the session window is shut. */
  private int held() {
    return buffer.size() + sender.getQueued();
  }

  /**
   * The AMQP engine holds a full link's worth of deliveries because the client's session window is shut; nothing
   * announces when it opens again, so look again shortly.
   */
  private void retryLater() {
    if (!retryScheduled) {
      retryScheduled = true;
      source.vertx().setTimer(SESSION_WINDOW_RETRY_MILLIS, id -> {
        retryScheduled = false;
        pump();
      });
    }
  }

  private void read(int count) {
    reading = true;
    parked.set(false);
    long appendsBefore = appends.get();
    long from = next;
    source.worker().executeBlocking(() -> new Batch(source.log().read(source.partition(), from, count),
            runtimeMetrics ? source.log().partitionInfo(source.partition()) : null), false)
        .onComplete(result -> onRead(result, appendsBefore));
  }

  private record Batch(List<StoredEvent> events, PartitionInfo info) {}

  private void onRead(AsyncResult<Batch> result, long appendsBefore) {
    reading = false;
    if (closed) {
      return;
    }
    if (result.failed()) {
      log.warn("Could not read partition {} of the event log", source.partition(), result.cause());
      sender.setCondition(AmqpErrors.condition(AmqpErrors.INTERNAL_ERROR, "The hub could not read the partition."));
      sender.close();
      stop();
      return;
    }
    List<StoredEvent> events = result.result().events();
    lastInfo = result.result().info();
    if (events.isEmpty()) {
      park(appendsBefore);
      return;
    }
    buffer.addAll(events);
    next = events.get(events.size() - 1).sequenceNumber() + 1;
    bufferedLevel.accept(held());
    pump();
  }

  /** Waits for an append, unless one came since the read started (then reads again at once). */
  private void park(long appendsBefore) {
    parked.set(true);
    if (appends.get() != appendsBefore && parked.compareAndSet(true, false)) {
      pump();
    }
  }

  private void onAppended() {
    appends.incrementAndGet();
    if (parked.compareAndSet(true, false)) {
      context.runOnContext(ignored -> pump());
    }
  }

  private void send(StoredEvent event) {
    PartitionInfo info = runtimeMetrics ? lastInfo : null;
    sender.send(EventMessages.toMessage(event, info, source.clock().instant()), PartitionStream::settle);
  }

  /**
   * Settles a delivery once the client has decided on it: receivers that settle second wait for the hub to
   * settle, the others settle first. Event Hubs has no redelivery, so every outcome just ends the delivery.
   */
  private static void settle(ProtonDelivery delivery) {
    if (!delivery.isSettled() && (delivery.remotelySettled() || delivery.getRemoteState() != null)) {
      delivery.settle();
    }
  }
}
