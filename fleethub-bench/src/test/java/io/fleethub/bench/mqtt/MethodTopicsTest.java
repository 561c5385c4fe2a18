package io.fleethub.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MethodTopicsTest {
  @Test
  void readsTheRequestIdOfAMethodRequest() {
    assertThat(MethodTopics.requestId("$iothub/methods/POST/bench/?$rid=8b4c1e2a-0d3f-4a55-9c1e-2f6b7d8e9a01"))
        .contains("8b4c1e2a-0d3f-4a55-9c1e-2f6b7d8e9a01");
    assertThat(MethodTopics.requestId("$iothub/methods/POST/reboot/?other=1&%24rid=42")).contains("42");
  }

  @Test
  void findsNoRequestIdInOtherTopicsOrWithoutOne() {
    assertThat(MethodTopics.requestId("$iothub/twin/res/200/?$rid=1")).isEmpty();
    assertThat(MethodTopics.requestId("$iothub/methods/POST/bench/")).isEmpty();
    assertThat(MethodTopics.requestId("$iothub/methods/POST/bench/?$rid=")).isEmpty();
    assertThat(MethodTopics.requestId("devices/d1/messages/devicebound/%24.mid=1")).isEmpty();
  }

  @Test
  void answersOnTheResponseTopicWithStatusAndRequestId() {
    assertThat(MethodTopics.response(200, "42")).isEqualTo("$iothub/methods/res/200/?$rid=42");
  }
}
