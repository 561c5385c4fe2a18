package io.fleethub.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.c2d.FeedbackBatch;
import io.fleethub.core.c2d.FeedbackRecord;
import io.fleethub.core.c2d.FeedbackStatus;
import io.fleethub.core.c2d.LockToken;
import io.fleethub.core.identity.DeviceId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeedbackMessagesTest {
  private static final LockToken TOKEN = new LockToken("00112233-4455-6677-8899-aabbccddeeff");

  @Test
  void writesTheRecordsAsCompactJsonInIotHubsFieldOrder() {
    FeedbackBatch batch = new FeedbackBatch(TOKEN, Instant.parse("2026-02-01T12:00:15Z"), List.of(
        new FeedbackRecord(Optional.of("m-1"), Instant.parse("2026-02-01T12:00:00.123456Z"), FeedbackStatus.SUCCESS,
            "Success", DeviceId.of("d1"), "638000000000000001"),
        new FeedbackRecord(Optional.empty(), Instant.parse("2026-02-01T12:00:01Z"), FeedbackStatus.PURGED,
            "Purged", DeviceId.of("d2"), "638000000000000002")));

    assertThat(FeedbackMessages.body(batch)).isEqualTo("["
        + "{\"originalMessageId\":\"m-1\",\"enqueuedTimeUtc\":\"2026-02-01T12:00:00.123Z\",\"statusCode\":\"Success\","
        + "\"description\":\"Success\",\"deviceId\":\"d1\",\"deviceGenerationId\":\"638000000000000001\"},"
        + "{\"originalMessageId\":null,\"enqueuedTimeUtc\":\"2026-02-01T12:00:01.000Z\",\"statusCode\":\"Purged\","
        + "\"description\":\"Purged\",\"deviceId\":\"d2\",\"deviceGenerationId\":\"638000000000000002\"}]");
  }

  @Test
  void tagsTheDeliveryWithTheLockTokenInDotNetGuidLayout() {
    assertThat(HexFormat.of().formatHex(FeedbackMessages.deliveryTag(TOKEN)))
        .isEqualTo("33221100554477668899aabbccddeeff");
  }

  @Test
  void tagsTheDeliveryWithTheTokensTextWhenItIsNoUuid() {
    assertThat(FeedbackMessages.deliveryTag(new LockToken("opaque")))
        .isEqualTo("opaque".getBytes(StandardCharsets.UTF_8));
  }
}
