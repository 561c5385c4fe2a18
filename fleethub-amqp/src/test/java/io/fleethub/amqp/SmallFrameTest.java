package io.fleethub.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.telemetry.TelemetryService;
import java.util.Map;
import java.util.Random;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmallFrameTest {
  private AmqpTestHub hub;
  private RawAmqpClient client;

  @BeforeEach
  void start() throws Exception {
    hub = AmqpTestHub.start();
    // The Azure Java device SDK announces a max-frame-size of 4096.
    client = RawAmqpClient.connect(RawAmqpClient.tlsOptions().setMaxFrameSize(4096), hub.tlsPort(), null, null);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    hub.close();
  }

  @Test
  void deliversAFullSizeEventToAClientThatTakesFramesOf4096Bytes() throws Exception {
    // GIVEN a 256 KB event
    byte[] body = new byte[TelemetryService.MAX_MESSAGE_BYTES];
    new Random(7).nextBytes(body);
    int partition = hub.appendTelemetry("camera", body, Map.of(), Map.of()).partition();
    String entity = AmqpTestHub.partitionPath(partition);
    client.putToken(AmqpTestHub.audience(entity), hub.token("service", AmqpTestHub.audience(entity)));

    // WHEN
    Message message = client.receiver(entity).take(1).get(0);

    // THEN
    assertThat(((Data) message.getBody()).getValue().getArray()).isEqualTo(body);
  }
}
