package io.fleethub.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleethub.core.eventlog.EventData;
import io.fleethub.testkit.memory.InMemoryEventLog;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StartPositionTest {
  @Test
  void readsTheExpressionTheEventHubsSdkWrites() {
    assertThat(StartPosition.parse("amqp.annotation.x-opt-offset > '-1'"))
        .isEqualTo(new StartPosition("x-opt-offset", "-1", false));
    assertThat(StartPosition.parse("amqp.annotation.x-opt-sequence-number >= '42'"))
        .isEqualTo(new StartPosition("x-opt-sequence-number", "42", true));
    assertThat(StartPosition.parse("amqp.annotation.x-opt-enqueued-time > '1700000000000'"))
        .isEqualTo(new StartPosition("x-opt-enqueued-time", "1700000000000", false));
  }

  @Test
  void toleratesSpacingAndCaseInTheAnnotationName() {
    assertThat(StartPosition.parse("  AMQP.ANNOTATION.X-OPT-OFFSET>='@latest' "))
        .isEqualTo(new StartPosition("x-opt-offset", "@latest", true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"amqp.annotation.x-opt-offset < '5'", "amqp.annotation.x-opt-offset = '5'",
      "amqp.annotation.x-opt-foo > '5'", "x-opt-offset > '5'", "amqp.annotation.x-opt-offset > 5"})
  void refusesWhatItDoesNotUnderstandSayingWhichFormsItReads(String expression) {
    assertThatThrownBy(() -> StartPosition.parse(expression))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not of the form");
  }

  @Test
  void resolvesTheSpecialOffsetsToTheEndsOfThePartition() {
    // GIVEN a partition holding sequence numbers 0 to 2
    InMemoryEventLog log = logWithThreeEvents();

    // WHEN / THEN
    assertThat(StartPosition.EARLIEST.resolve(log, 0)).isZero();
    assertThat(StartPosition.parse("amqp.annotation.x-opt-offset > '@latest'").resolve(log, 0)).isEqualTo(3);
  }

  @Test
  void resolvesOffsetsAndSequenceNumbersExclusiveOrInclusive() {
    InMemoryEventLog log = logWithThreeEvents();

    assertThat(StartPosition.parse("amqp.annotation.x-opt-offset > '1'").resolve(log, 0)).isEqualTo(2);
    assertThat(StartPosition.parse("amqp.annotation.x-opt-offset >= '1'").resolve(log, 0)).isEqualTo(1);
    assertThat(StartPosition.parse("amqp.annotation.x-opt-sequence-number > '2'").resolve(log, 0)).isEqualTo(3);
    assertThat(StartPosition.parse("amqp.annotation.x-opt-sequence-number >= '0'").resolve(log, 0)).isZero();
  }

  @Test
  void resolvesEnqueuedTimesInMilliseconds() {
    // GIVEN events enqueued at 1000, 2000 and 3000 ms
    InMemoryEventLog log = logWithThreeEvents();

    assertThat(StartPosition.parse("amqp.annotation.x-opt-enqueued-time > '2000'").resolve(log, 0)).isEqualTo(2);
    assertThat(StartPosition.parse("amqp.annotation.x-opt-enqueued-time >= '2000'").resolve(log, 0)).isEqualTo(1);
    assertThat(StartPosition.parse("amqp.annotation.x-opt-enqueued-time > '9000'").resolve(log, 0)).isEqualTo(3);
  }

  @Test
  void refusesASequenceNumberPastTheNextOne() {
    InMemoryEventLog log = logWithThreeEvents();

    assertThatThrownBy(() -> StartPosition.parse("amqp.annotation.x-opt-sequence-number >= '4'").resolve(log, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("last sequence number is 2");
  }

  private static InMemoryEventLog logWithThreeEvents() {
    InMemoryEventLog log = new InMemoryEventLog(1);
    for (int i = 1; i <= 3; i++) {
      log.append(0, new EventData(Instant.ofEpochMilli(i * 1000L), "d", Map.of(), Map.of(), new byte[0])).join();
    }
    return log;
  }
}
