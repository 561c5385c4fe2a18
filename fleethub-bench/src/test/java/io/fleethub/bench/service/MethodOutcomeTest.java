package io.fleethub.bench.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MethodOutcomeTest {
  @Test
  void succeedsWhenTheDeviceAnsweredStatus200() {
    assertThat(MethodOutcome.failure(200, "{\"status\":200,\"payload\":{\"bench\":\"ok\"}}")).isEmpty();
    assertThat(MethodOutcome.failure(200, "{\"status\":200,\"payload\":null}")).isEmpty();
  }

  @Test
  void failsWithTheDevicesStatusWhenItWasNot200() {
    assertThat(MethodOutcome.failure(200, "{\"status\":500,\"payload\":null}"))
        .contains("the device answered status 500");
  }

  @Test
  void failsWhenA200CarriesNoResult() {
    assertThat(MethodOutcome.failure(200, "")).contains("HTTP 200 without {\"status\":..,\"payload\":..} in the body");
    assertThat(MethodOutcome.failure(200, "{\"status\":\"200\",\"payload\":1}")).isPresent();
    assertThat(MethodOutcome.failure(200, "{\"status\":200}")).isPresent();
  }

  @Test
  void namesTheIotHubErrorCodeOfARefusalWithoutItsVaryingText() {
    String notOnline = "{\"Message\":\"{\\\"errorCode\\\":404103,\\\"trackingId\\\":\\\"abc-G:0\\\","
        + "\\\"message\\\":\\\"Timed out waiting for device to connect.\\\"}\",\"ExceptionMessage\":\"\"}";
    assertThat(MethodOutcome.failure(404, notOnline)).contains("HTTP 404 DeviceNotOnline");
    assertThat(MethodOutcome.failure(401, "{\"Message\":\"ErrorCode:IotHubUnauthorizedAccess;Unauthorized\","
        + "\"ExceptionMessage\":\"Tracking ID:1234\"}")).contains("HTTP 401 IotHubUnauthorizedAccess");
    assertThat(MethodOutcome.failure(504, "{\"Message\":\"{\\\"errorCode\\\":504999}\"}"))
        .contains("HTTP 504 504999");
    assertThat(MethodOutcome.failure(503, "Service Unavailable")).contains("HTTP 503");
  }
}
