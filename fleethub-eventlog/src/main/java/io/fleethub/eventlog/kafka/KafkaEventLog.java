package io.fleethub.eventlog.kafka;

import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.eventlog.EventData;
import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.eventlog.PartitionInfo;
import io.fleethub.core.eventlog.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.record.TimestampType;

/**
 * The event log on Apache Kafka: one topic per hub, one Kafka partition per event log partition, shared by every
 * hub node that names the same topic. The record layout is {@link EventRecords}'; any Kafka client can read it.
 *
 * <p>Sequence numbers are Kafka offsets, and offsets are those numbers as decimal text ({@code "0"},
 * {@code "1"}, ...). A topic written only by hub nodes has no gaps: the producer is idempotent and not
 * transactional. Retention is Kafka's: the topic's {@code retention.ms} deletes whole segments once their newest
 * record is older, and the beginning of a partition moves on; numbers are never reused while the topic lives.
 *
 * <p>Enqueued times never decrease along a partition. On a topic the log created ({@code LogAppendTime}) the
 * partition leader stamps each record as it appends it; the stored event the append returns, and every read,
 * carry that time, not the one the event was appended with. On an existing {@code CreateTime} topic records keep
 * the time they are sent with, which {@link EnqueuedTimeFloors} raises to the latest this node sent to the
 * partition (or found there when it opened); appends from other nodes can still go back (a warning says so at
 * open). Either way a record's timestamp is its enqueued time, so {@link #sequenceNumberAt} agrees with reads.
 *
 * <p>Durability: an append's future completes once the partition leader reports the record replicated to all
 * in-sync replicas ({@code acks=all}, at least {@code min.insync.replicas} of them), so a read then returns it.
 * With replication factor 1 that is one broker's page cache: a broker that loses power may lose it; use 3 in
 * production. Appends to one partition are stored in the order of the calls (one idempotent producer, ordered
 * retries). Futures complete, and {@link #onAppended} callbacks run, on two threads of the log, never on the
 * Kafka client's I/O thread; a dependent stage that blocks delays the completions behind it, so keep them quick
 * or use the async variants.
 *
 * <p>Blocking: {@link #append} does not wait for the cluster, except for up to 1 s when the producer's buffer is
 * full or the topic's metadata is missing; it then fails (on a {@code CreateTime} topic, appends to the same
 * partition wait behind it meanwhile, since each hands its record over under the partition's lock).
 * {@link #read}, {@link #partitionInfo} and {@link #sequenceNumberAt} ask the cluster and block the caller (a
 * round trip or two, at most the operation timeout, then {@link TimeoutException}); call them off event loops.
 * {@link #sequenceNumberOf} asks only for an offset beyond the highest end offset this node has seen.
 *
 * <p>Errors: an append fails with {@link HubException} ({@code ThrottlingException}) when the producer's buffer
 * stayed full, with {@link IllegalArgumentException} for a record larger than the cluster accepts or an enqueued
 * time before 1970, with {@link IllegalStateException} once the log is closed, and otherwise with the Kafka
 * client's exception. Partition numbers outside 0 to {@link #partitionCount()} - 1 throw
 * {@link IllegalArgumentException}.
 */
public final class KafkaEventLog implements EventLog {
  /** Offsets are Kafka offsets in canonical decimal. */
  private static final Pattern OFFSET = Pattern.compile("0|[1-9][0-9]{0,18}");
  private static final Duration RETRY_PAUSE = Duration.ofMillis(20);

  private final KafkaEventLogConfig config;
  private final Admin admin;
  private final Producer<byte[], byte[]> producer;
  private final ReaderPool readers;
  private final AppendNotifier notifier;
  private final ExecutorService completions;
  /** Null on a {@code LogAppendTime} topic, where the broker stamps the times. */
  private final EnqueuedTimeFloors createTimeFloors;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Thread completionThread;

  private KafkaEventLog(KafkaEventLogConfig config, Admin admin, Producer<byte[], byte[]> producer,
      ClientConfigs clients, long[] ends, EnqueuedTimeFloors createTimeFloors) {
    this.config = config;
    this.admin = admin;
    this.producer = producer;
    this.createTimeFloors = createTimeFloors;
    this.readers = new ReaderPool(config.readers(), config.operationTimeout(),
        index -> new RecordReader(new KafkaConsumer<>(clients.consumer(index)), config.topic(),
            config.operationTimeout()));
    String threadPrefix = "fleethub-eventlog-" + config.topic();
    this.notifier = new AppendNotifier(ends, config.appendWatchInterval(), threadPrefix + "-notify",
        this::endOffsets);
    this.completions = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, threadPrefix + "-complete");
      thread.setDaemon(true);
      completionThread = thread;
      return thread;
    });
  }

  /**
   * Connects to the cluster and makes sure the topic exists as configured (see {@link KafkaEventLogConfig}).
   * Blocks, at most a few times the operation timeout. Throws {@link IllegalStateException} when the topic
   * exists with another partition count, or the cluster refuses or does not answer.
   */
  public static KafkaEventLog open(KafkaEventLogConfig config) {
    Objects.requireNonNull(config, "config");
    ClientConfigs clients = new ClientConfigs(config);
    Admin admin = Admin.create(clients.admin());
    Producer<byte[], byte[]> producer = null;
    try {
      TimestampType timestamps = new TopicSetup(admin, config).ensureTopic();
      producer = new KafkaProducer<>(clients.producer());
      awaitTopicMetadata(producer, config);
      long[] ends = listOffsets(admin, config, OffsetSpec.latest(), ListOffsetsResultInfo::offset, "end offsets");
      EnqueuedTimeFloors floors = timestamps == TimestampType.CREATE_TIME
          ? new EnqueuedTimeFloors(listOffsets(admin, config, OffsetSpec.maxTimestamp(),
              info -> info.timestamp() < 0 ? Long.MIN_VALUE : info.timestamp(), "latest record timestamps"))
          : null;
      return new KafkaEventLog(config, admin, producer, clients, ends, floors);
    } catch (RuntimeException | Error e) {
      if (producer != null) {
        producer.close(Duration.ZERO);
      }
      admin.close(Duration.ZERO);
      throw e;
    }
  }

  public KafkaEventLogConfig config() {
    return config;
  }

  @Override
  public int partitionCount() {
    return config.partitionCount();
  }

  /**
   * See {@link EventLog#append}; the stored event carries the enqueued time its record was stored with (see the
   * class comment), to the millisecond.
   */
  @Override
  public CompletableFuture<StoredEvent> append(int partition, EventData event) {
    Objects.requireNonNull(event, "event");
    checkPartition(partition);
    if (closed.get()) {
      return CompletableFuture.failedFuture(closedException(null));
    }
    EventData stored = EventRecords.asStored(event);
    if (createTimeFloors == null) {
      return send(partition, stored);
    }
    return createTimeFloors.send(partition, stored, raised -> send(partition, raised));
  }

  /** Hands the event's record to the producer; the future completes on the completion thread. */
  private CompletableFuture<StoredEvent> send(int partition, EventData stored) {
    ProducerRecord<byte[], byte[]> record;
    try {
      record = EventRecords.toRecord(config.topic(), partition, stored);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<StoredEvent> future = new CompletableFuture<>();
    try {
      producer.send(record, (metadata, error) -> onCompletionThread(() -> settle(future, stored, metadata, error)));
    } catch (RuntimeException e) {
      future.completeExceptionally(closed.get() ? closedException(e) : e);
    }
    return future;
  }

  /** See {@link EventLog#read}; throws {@link IllegalArgumentException} for a negative {@code maxEvents}. */
  @Override
  public List<StoredEvent> read(int partition, long fromSequenceNumber, int maxEvents) {
    if (maxEvents < 0) {
      throw new IllegalArgumentException("maxEvents must not be negative, was " + maxEvents);
    }
    checkUsable(partition);
    return readers.withReader(partition, reader -> reader.read(partition, fromSequenceNumber, maxEvents));
  }

  /**
   * See {@link EventLog#partitionInfo}. When the last offset holds no event (a transaction marker written by a
   * foreign transactional producer), the last enqueued time is empty although the offset is not.
   */
  @Override
  public PartitionInfo partitionInfo(int partition) {
    checkUsable(partition);
    return readers.withReader(partition, reader -> reader.info(partition));
  }

  /** See {@link EventLog#sequenceNumberAt}; a time between two milliseconds counts from the later one. */
  @Override
  public long sequenceNumberAt(int partition, Instant time) {
    Objects.requireNonNull(time, "time");
    checkUsable(partition);
    long millis = ceilingEpochMillis(time);
    return readers.withReader(partition, reader -> reader.offsetAt(partition, millis));
  }

  /**
   * See {@link EventLog#sequenceNumberOf}: accepts the canonical decimal text of an offset below the partition's
   * end offset, including offsets retention has since deleted.
   */
  @Override
  public long sequenceNumberOf(int partition, String offset) {
    checkPartition(partition);
    if (offset == null || !OFFSET.matcher(offset).matches()) {
      throw notAnOffset(partition, offset);
    }
    long sequence;
    try {
      sequence = Long.parseLong(offset);
    } catch (NumberFormatException e) {
      throw notAnOffset(partition, offset);
    }
    if (sequence < notifier.knownEnd(partition)) {
      return sequence;
    }
    checkUsable(partition);
    long end = readers.withReader(partition, reader -> reader.endOffset(partition));
    notifier.appended(partition, end);
    if (sequence >= end) {
      throw notAnOffset(partition, offset);
    }
    return sequence;
  }

  /**
   * See {@link EventLog#onAppended}: callbacks run on the log's notifier thread, after this node's appends are
   * acknowledged and, while any callback is registered, when a check of the end offsets every
   * {@link KafkaEventLogConfig#appendWatchInterval()} finds events other nodes appended.
   */
  @Override
  public AutoCloseable onAppended(int partition, Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    checkUsable(partition);
    return notifier.register(partition, callback);
  }

  /**
   * Stops taking appends, waits (at most the operation timeout) for the appends in flight to be acknowledged or
   * failed and their futures completed, runs the notifications already due, then closes the Kafka clients.
   * Idempotent; reads after close throw {@link IllegalStateException}. Must not be called from an append's
   * future or an {@link #onAppended} callback: that throws {@link IllegalStateException}.
   */
  @Override
  public void close() {
    if (Thread.currentThread() == completionThread || notifier.isNotifierThread()) {
      throw new IllegalStateException("The event log cannot be closed from its own thread (an append's future or"
          + " an onAppended callback); close it from another thread");
    }
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Duration timeout = config.operationTimeout();
    try {
      producer.close(timeout);
      completions.shutdown();
      awaitTermination(timeout);
      notifier.close(timeout);
    } finally {
      completions.shutdownNow();
      readers.close();
      admin.close(timeout);
    }
  }

  private void settle(CompletableFuture<StoredEvent> future, EventData stored, RecordMetadata metadata,
      Exception error) {
    if (error != null) {
      future.completeExceptionally(translate(error));
      return;
    }
    long offset = metadata.offset();
    EventData data = metadata.hasTimestamp() ? EventRecords.withEnqueuedTime(stored, metadata.timestamp()) : stored;
    future.complete(new StoredEvent(metadata.partition(), offset, Long.toString(offset), data));
    notifier.appended(metadata.partition(), offset + 1);
  }

  private Throwable translate(Exception error) {
    if (error instanceof BufferExhaustedException) {
      return new HubException(ErrorCode.THROTTLING_EXCEPTION, "Event log overloaded: the Kafka producer's buffer"
          + " stayed full; retry later", error);
    }
    if (error instanceof RecordTooLargeException) {
      return new IllegalArgumentException("The event exceeds the largest record Kafka topic '" + config.topic()
          + "' accepts", error);
    }
    if (closed.get() && error instanceof IllegalStateException) {
      return closedException(error);
    }
    return error;
  }

  /** Producer callbacks run on the Kafka client's I/O thread; futures complete on the log's own thread. */
  private void onCompletionThread(Runnable task) {
    try {
      completions.execute(task);
    } catch (RejectedExecutionException e) {
      task.run();
    }
  }

  private CompletionStage<Map<Integer, Long>> endOffsets(Set<Integer> partitions) {
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    partitions.forEach(p -> specs.put(new TopicPartition(config.topic(), p), OffsetSpec.latest()));
    ListOffsetsOptions options = new ListOffsetsOptions().timeoutMs((int) config.operationTimeout().toMillis());
    return admin.listOffsets(specs, options).all().toCompletionStage().thenApply(result -> {
      Map<Integer, Long> ends = new HashMap<>();
      result.forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
      return ends;
    });
  }

  /**
   * A value of each partition's offset lookup for {@code spec}, retried until the operation timeout while the
   * cluster answers with a retriable error (a broker that has not yet learnt of a topic created a moment ago).
   */
  private static long[] listOffsets(Admin admin, KafkaEventLogConfig config, OffsetSpec spec,
      ToLongFunction<ListOffsetsResultInfo> value, String what) {
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    for (int p = 0; p < config.partitionCount(); p++) {
      specs.put(new TopicPartition(config.topic(), p), spec);
    }
    long deadline = System.nanoTime() + config.operationTimeout().toNanos();
    while (true) {
      try {
        long[] values = new long[config.partitionCount()];
        admin.listOffsets(specs).all().get(config.operationTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .forEach((tp, info) -> values[tp.partition()] = value.applyAsLong(info));
        return values;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException) || System.nanoTime() - deadline > 0) {
          throw listOffsetsFailure(config, what, e.getCause());
        }
      } catch (java.util.concurrent.TimeoutException e) {
        throw listOffsetsFailure(config, what, e);
      } catch (InterruptedException e) {
        throw interruptedWhileOpening(e);
      }
      try {
        Thread.sleep(RETRY_PAUSE.toMillis());
      } catch (InterruptedException e) {
        throw interruptedWhileOpening(e);
      }
    }
  }

  private static IllegalStateException interruptedWhileOpening(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new IllegalStateException("Interrupted while opening the Kafka event log", e);
  }

  private static IllegalStateException listOffsetsFailure(KafkaEventLogConfig config, String what,
      Throwable cause) {
    return new IllegalStateException("Could not read the " + what + " of Kafka topic '" + config.topic() + "' on "
        + config.bootstrapServers() + ": " + cause.getMessage(), cause);
  }

  /** Waits until the producer knows the topic's partitions, so that appends need not wait for it. */
  private static void awaitTopicMetadata(Producer<byte[], byte[]> producer, KafkaEventLogConfig config) {
    long deadline = System.nanoTime() + config.operationTimeout().toNanos();
    while (true) {
      try {
        producer.partitionsFor(config.topic());
        return;
      } catch (TimeoutException e) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("The Kafka producer did not learn the partitions of topic '"
              + config.topic() + "' within " + config.operationTimeout(), e);
        }
      }
    }
  }

  private void awaitTermination(Duration timeout) {
    try {
      completions.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Rounds up to the millisecond: an event at 1 ms is before 1.000001 ms. Times before 1970 count as 1970. */
  private static long ceilingEpochMillis(Instant time) {
    if (time.getEpochSecond() < 0) {
      return 0;
    }
    try {
      long millis = time.toEpochMilli();
      return time.getNano() % 1_000_000 == 0 ? millis : Math.addExact(millis, 1);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private void checkPartition(int partition) {
    if (partition < 0 || partition >= config.partitionCount()) {
      throw new IllegalArgumentException("partition must be between 0 and " + (config.partitionCount() - 1)
          + ", was " + partition);
    }
  }

  private void checkUsable(int partition) {
    checkPartition(partition);
    if (closed.get()) {
      throw closedException(null);
    }
  }

  private static IllegalStateException closedException(Throwable cause) {
    return new IllegalStateException("The event log is closed", cause);
  }

  private static IllegalArgumentException notAnOffset(int partition, String offset) {
    return new IllegalArgumentException("'" + offset + "' is not an offset of partition " + partition
        + " of this event log");
  }
}
