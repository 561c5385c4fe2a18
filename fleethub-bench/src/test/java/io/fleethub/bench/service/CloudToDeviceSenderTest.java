package io.fleethub.bench.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.junit.jupiter.api.Test;

class CloudToDeviceSenderTest {
  @Test
  void takesAcceptedAsQueued() {
    assertThat(CloudToDeviceSender.refusal(Accepted.getInstance())).isEmpty();
  }

  @Test
  void groupsRejectionsByConditionAndIotHubErrorCode() {
    Rejected full = new Rejected();
    full.setError(new ErrorCondition(Symbol.valueOf("amqp:resource-limit-exceeded"),
        "ErrorCode:DeviceMaximumQueueDepthExceeded;The queue of device 'bench-000001' holds 50 messages."));
    Rejected bare = new Rejected();
    bare.setError(new ErrorCondition(Symbol.valueOf("amqp:not-found"), "no such device"));

    assertThat(CloudToDeviceSender.refusal(full))
        .contains("rejected: amqp:resource-limit-exceeded DeviceMaximumQueueDepthExceeded");
    assertThat(CloudToDeviceSender.refusal(bare)).contains("rejected: amqp:not-found");
    assertThat(CloudToDeviceSender.refusal(new Rejected())).contains("rejected without an error condition");
  }

  @Test
  void countsOtherOutcomesAsNotAccepted() {
    assertThat(CloudToDeviceSender.refusal(Released.getInstance())).contains("not accepted: Released");
    assertThat(CloudToDeviceSender.refusal(null)).contains("not accepted: no outcome");
  }
}
