package io.fleethub.amqp;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What all connections of one endpoint share: its services and settings, the worker threads for blocking calls,
 * the partitions' readers, the open connections and the endpoint's metrics. Thread-safe.
 */
final class AmqpRuntime {
  private final Vertx vertx;
  private final AmqpServices services;
  private final AmqpSettings settings;
  private final WorkerExecutor worker;
  private final PartitionReaders readers;
  private final Set<AmqpConnection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger peakBufferedPerLink = new AtomicInteger();
  private final AtomicInteger openReceivers = new AtomicInteger();

  AmqpRuntime(Vertx vertx, AmqpServices services, AmqpSettings settings) {
    this.vertx = vertx;
    this.services = services;
    this.settings = settings;
    this.worker = vertx.createSharedWorkerExecutor("fleethub-amqp-" + System.identityHashCode(this),
        settings.blockingThreads());
    this.readers = new PartitionReaders(settings.maxReceiversPerPartition());
  }

  Vertx vertx() {
    return vertx;
  }

  AmqpServices services() {
    return services;
  }

  AmqpSettings settings() {
    return settings;
  }

  /**
   * The worker threads on which the endpoint reads the event log, the consumer groups and the feedback queue, and
   * checks tokens.
   */
  WorkerExecutor worker() {
    return worker;
  }

  PartitionReaders readers() {
    return readers;
  }

  Set<AmqpConnection> connections() {
    return connections;
  }

  /** Notes how many events one link holds unsent; keeps the highest. */
  void recordBuffered(int events) {
    peakBufferedPerLink.accumulateAndGet(events, Math::max);
  }

  int peakBufferedPerLink() {
    return peakBufferedPerLink.get();
  }

  /** Counts a partition receiver opening (+1) or ending (-1). */
  void receiverOpened(int delta) {
    openReceivers.addAndGet(delta);
  }

  int openReceivers() {
    return openReceivers.get();
  }
}
