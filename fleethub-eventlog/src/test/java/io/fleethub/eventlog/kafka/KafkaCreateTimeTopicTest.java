package io.fleethub.eventlog.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fleethub.core.eventlog.EventData;
import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.testkit.EventLogContract;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The Kafka event log on a topic that existed before it with {@code message.timestamp.type=CreateTime}: records
 * keep the times the hub sends them with, which the log keeps from going back among its own appends.
 */
class KafkaCreateTimeTopicTest implements EventLogContract {
  private final KafkaTestLogs logs = new KafkaTestLogs();

  /** The clock is not used: enqueued times come with the events. */
  @Override
  public EventLog newLog(int partitions, Clock clock) {
    return logs.open(logs.newCreateTimeTopic(partitions));
  }

  @AfterEach
  void closeLogs() {
    logs.close();
  }

  @Test
  void keepsEnqueuedTimesToTheMillisecond() throws Exception {
    KafkaEventLog log = logs.open(logs.newCreateTimeTopic(1));
    Instant precise = T0.plusNanos(1_234_567);

    StoredEvent appended = log.append(0, event(precise, "e")).get(10, TimeUnit.SECONDS);

    assertThat(appended.data().enqueuedTime()).isEqualTo(T0.plusMillis(1));
    assertThat(log.read(0, 0, 1).get(0).data().enqueuedTime()).isEqualTo(T0.plusMillis(1));
    assertThat(log.sequenceNumberAt(0, T0.plusNanos(1_000_001))).isEqualTo(1);
    assertThat(log.sequenceNumberAt(0, T0.plusNanos(1_000_000))).isZero();
  }

  @Test
  void aReopenedLogStartsFromTheLatestTimeThePartitionHolds() throws Exception {
    // GIVEN a partition whose latest event was enqueued at T0 + 10 s, by a log since closed
    KafkaEventLogConfig config = logs.newCreateTimeTopic(2);
    KafkaEventLog first = logs.open(config);
    first.append(1, event(T0.plusSeconds(10), "before the restart")).get(10, TimeUnit.SECONDS);
    first.close();

    // WHEN a log opened again appends an event enqueued earlier, to that partition and to the empty one
    KafkaEventLog reopened = logs.open(config);
    StoredEvent raised = reopened.append(1, event(T0, "after the restart")).get(10, TimeUnit.SECONDS);
    StoredEvent kept = reopened.append(0, event(T0, "elsewhere")).get(10, TimeUnit.SECONDS);

    // THEN the first is stored with the partition's latest time, the other with its own
    assertThat(raised.data().enqueuedTime()).isEqualTo(T0.plusSeconds(10));
    assertThat(reopened.read(1, 0, 10)).extracting(e -> e.data().enqueuedTime())
        .containsExactly(T0.plusSeconds(10), T0.plusSeconds(10));
    assertThat(kept.data().enqueuedTime()).isEqualTo(T0);
  }

  @Test
  void warnsOnceWhenItOpensTheTopic() {
    Logger logger = (Logger) LoggerFactory.getLogger(TopicSetup.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      logs.open(logs.newCreateTimeTopic(3));
    } finally {
      logger.detachAppender(appender);
    }

    assertThat(appender.list).filteredOn(e -> e.getLevel() == Level.WARN)
        .singleElement()
        .extracting(ILoggingEvent::getFormattedMessage).asString()
        .contains("message.timestamp.type=CreateTime")
        .contains("LogAppendTime");
  }

  private static EventData event(Instant time, String body) {
    return new EventData(time, "device", Map.of("message-id", body), Map.of(), body.getBytes(StandardCharsets.UTF_8));
  }
}
