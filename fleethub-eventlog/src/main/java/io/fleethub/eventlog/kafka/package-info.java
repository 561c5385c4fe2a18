/**
 * The event log on Apache Kafka: {@link io.fleethub.eventlog.kafka.KafkaEventLog}, selected when the hub's
 * configuration names bootstrap servers, for hubs scaled out over several nodes.
 *
 * <p>Topic: one per hub, {@code fleethub-<hub name>-events} by default, created by the first node that opens it
 * with the configured partition count, replication factor, {@code retention.ms}, {@code min.insync.replicas}
 * and {@code message.timestamp.type=LogAppendTime}: the broker stamps enqueued times, so they never decrease along
 * a partition (an existing {@code CreateTime} topic is accepted with a warning). Event log partition N is Kafka
 * partition N (the hub chooses it with {@link io.fleethub.core.eventlog.Partitioner}, not Kafka's partitioner);
 * sequence numbers are Kafka offsets.
 *
 * <p>Records (see {@code EventRecords}): key = partition key (the device id for telemetry), value = body,
 * timestamp = enqueued time (the broker's append time); application properties are headers under their own names,
 * system properties headers under {@code $}-prefixed names ({@code $iothub-connection-device-id},
 * {@code $message-id}, {@code $content-type}); an application property whose name starts with {@code $} or
 * {@code @} is stored with one more {@code @} in front. Header values are UTF-8.
 *
 * <p>Threads: the Kafka producer's I/O thread hands each acknowledgement to the log's completion thread, which
 * completes the append's future and tells the notifier thread; the notifier runs {@code onAppended} callbacks and,
 * while any is registered, polls the end offsets through the admin client. Reads borrow a consumer from a small
 * pool (manual assignment, no consumer group, nothing committed).
 */
package io.fleethub.eventlog.kafka;
