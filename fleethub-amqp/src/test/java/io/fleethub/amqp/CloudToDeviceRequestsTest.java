package io.fleethub.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleethub.core.c2d.Acknowledgement;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.AmqpSequence;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;

class CloudToDeviceRequestsTest {
  private static final String TO = "/devices/d1/messages/devicebound";

  @Test
  void readsDeviceAndModuleTargetsIgnoringTheCaseOfTheFixedSegments() {
    assertThat(CloudToDeviceRequests.target("/devices/d1/messages/devicebound"))
        .isEqualTo(IdentityRef.device(DeviceId.of("d1")));
    assertThat(CloudToDeviceRequests.target("devices/d1/messages/deviceBound"))
        .isEqualTo(IdentityRef.device(DeviceId.of("d1")));
    assertThat(CloudToDeviceRequests.target("/devices/d1/modules/m1/messages/devicebound"))
        .isEqualTo(IdentityRef.module(DeviceId.of("d1"), ModuleId.of("m1")));
  }

  @Test
  void percentDecodesTheIdsAndKeepsAMalformedEscapeAsWritten() {
    assertThat(CloudToDeviceRequests.target("/devices/a%3Ab%2Bc/messages/devicebound").deviceId())
        .isEqualTo(DeviceId.of("a:b+c"));
    assertThat(CloudToDeviceRequests.target("/devices/100%/messages/devicebound").deviceId())
        .isEqualTo(DeviceId.of("100%"));
  }

  @Test
  void refusesATargetThatIsNoDeviceOrNoValidId() {
    assertThat(refusal(() -> CloudToDeviceRequests.target("/devices/d1/twin"))).contains("'to'");
    assertThat(refusal(() -> CloudToDeviceRequests.target("/devices/with%20space/messages/devicebound")))
        .contains("does not name a device");
  }

  @Test
  void writesNonStringPropertyValuesAsText() {
    Instant instant = Instant.parse("2026-03-01T10:15:30.250Z");

    assertThat(CloudToDeviceRequests.text("p", 42)).isEqualTo("42");
    assertThat(CloudToDeviceRequests.text("p", -7L)).isEqualTo("-7");
    assertThat(CloudToDeviceRequests.text("p", UnsignedLong.valueOf("18446744073709551615")))
        .isEqualTo("18446744073709551615");
    assertThat(CloudToDeviceRequests.text("p", 1.5d)).isEqualTo("1.5");
    assertThat(CloudToDeviceRequests.text("p", 2.0d)).isEqualTo("2");
    assertThat(CloudToDeviceRequests.text("p", true)).isEqualTo("True");
    assertThat(CloudToDeviceRequests.text("p", false)).isEqualTo("False");
    assertThat(CloudToDeviceRequests.text("p", null)).isEmpty();
    assertThat(CloudToDeviceRequests.text("p", Symbol.valueOf("sym"))).isEqualTo("sym");
    assertThat(CloudToDeviceRequests.text("p", Date.from(instant))).isEqualTo("2026-03-01T10:15:30.250Z");
    UUID uuid = UUID.randomUUID();
    assertThat(CloudToDeviceRequests.text("p", uuid)).isEqualTo(uuid.toString());
    assertThat(CloudToDeviceRequests.text("p", new Binary(new byte[] {1, 2, 3}))).isEqualTo("AQID");
  }

  @Test
  void refusesListAndMapPropertyValues() {
    assertThat(refusal(() -> CloudToDeviceRequests.text("tags", List.of("a")))).contains("'tags'");
    assertThat(refusal(() -> CloudToDeviceRequests.text("nested", Map.of("a", 1)))).contains("'nested'");
  }

  @Test
  void takesTheAcknowledgementOutOfTheApplicationProperties() {
    CloudToDeviceRequests.Request request = CloudToDeviceRequests.read(message(Map.of("iothub-ack", "NEGATIVE",
        "kept", "yes")));

    assertThat(request.message().ack()).isEqualTo(Acknowledgement.NEGATIVE);
    assertThat(request.message().applicationProperties()).isEqualTo(Map.of("kept", "yes"));
  }

  @Test
  void acceptsTheJavaServiceSdksAcknowledgementNames() {
    assertThat(ackOf("positiveonly")).isEqualTo(Acknowledgement.POSITIVE);
    assertThat(ackOf("negativeonly")).isEqualTo(Acknowledgement.NEGATIVE);
    assertThat(ackOf("full")).isEqualTo(Acknowledgement.FULL);
    assertThat(ackOf("none")).isEqualTo(Acknowledgement.NONE);
  }

  @Test
  void writesMessageAndCorrelationIdsOfEveryAmqpTypeAsText() {
    Message message = message(Map.of());
    UUID uuid = UUID.randomUUID();
    message.getProperties().setMessageId(uuid);
    message.getProperties().setCorrelationId(new Binary("corr".getBytes(StandardCharsets.UTF_8)));

    CloudToDeviceRequests.Request request = CloudToDeviceRequests.read(message);

    assertThat(request.message().properties().messageId()).contains(uuid.toString());
    assertThat(request.message().properties().correlationId()).contains("corr");
  }

  @Test
  void readsAMessageWithoutBodyAsEmptyAndRefusesASequenceBody() {
    Message empty = message(Map.of());
    Message sequence = message(Map.of());
    sequence.setBody(new AmqpSequence(List.of("a")));

    assertThat(CloudToDeviceRequests.read(empty).message().body()).isEmpty();
    assertThat(refusal(() -> CloudToDeviceRequests.read(sequence))).contains("body");
  }

  private static Acknowledgement ackOf(String wireName) {
    return CloudToDeviceRequests.read(message(Map.of("iothub-ack", wireName))).message().ack();
  }

  private static Message message(Map<String, Object> applicationProperties) {
    Message message = Proton.message();
    Properties properties = new Properties();
    properties.setTo(TO);
    message.setProperties(properties);
    message.setApplicationProperties(new ApplicationProperties(new HashMap<>(applicationProperties)));
    return message;
  }

  private static String refusal(Runnable read) {
    HubException refused = catchThrowableOfType(HubException.class, read::run);
    assertThat(refused).isNotNull();
    assertThat(refused.code()).isEqualTo(ErrorCode.ARGUMENT_INVALID);
    return refused.getMessage();
  }
}
