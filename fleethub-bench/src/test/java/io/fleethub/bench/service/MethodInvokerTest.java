package io.fleethub.bench.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MethodInvokerTest {
  @Test
  void callsTheBenchMethodWithASmallPayloadAndNoWaitForAConnection() throws Exception {
    JsonNode body = new ObjectMapper().readTree(MethodInvoker.body(Duration.ofSeconds(30)));

    assertThat(body.path("methodName").asText()).isEqualTo("bench");
    assertThat(body.path("payload").isObject()).isTrue();
    assertThat(body.path("responseTimeoutInSeconds").asInt()).isEqualTo(30);
    assertThat(body.path("connectTimeoutInSeconds").isInt()).isTrue();
    assertThat(body.path("connectTimeoutInSeconds").asInt()).isZero();
  }
}
