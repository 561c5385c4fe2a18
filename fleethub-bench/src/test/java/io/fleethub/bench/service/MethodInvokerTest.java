package io.fleethub.bench.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
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

  @Test
  void postsToTheDevicesMethodsUnderTheRegistryPathWithTheIdPercentEncoded() {
    String prefix = MethodInvoker.pathPrefix(URI.create("https://localhost:8443/"));

    assertThat(MethodInvoker.path(prefix, "bench-1")).isEqualTo("/twins/bench-1/methods?api-version=2021-04-12");
    assertThat(MethodInvoker.path(prefix, "a b#c")).isEqualTo("/twins/a%20b%23c/methods?api-version=2021-04-12");
    assertThat(MethodInvoker.pathPrefix(URI.create("https://hub.example/api"))).isEqualTo("/api/twins/");
  }
}
