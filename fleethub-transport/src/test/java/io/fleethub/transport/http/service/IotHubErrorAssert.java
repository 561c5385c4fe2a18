package io.fleethub.transport.http.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleethub.transport.http.RunningHub.Response;

/** Asserts a response is a refusal in IoT Hub's form, as the Java and Node service SDKs parse it. */
public final class IotHubErrorAssert {
  private IotHubErrorAssert() {}

  /** Checks status, {@code iothub-errorcode} and the body; returns the human message after the code. */
  public static String assertIotHubError(Response response, int status, String errorName) {
    assertThat(response.status()).as("status of %s", response).isEqualTo(status);
    assertThat(response.header("iothub-errorcode")).contains(errorName);
    assertThat(response.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode body = response.json();
    assertThat(body.size()).isEqualTo(2);
    String message = body.path("Message").asText();
    assertThat(message).startsWith("ErrorCode:" + errorName + ";");
    assertThat(body.path("ExceptionMessage").asText())
        .matches("Tracking ID:[0-9a-f]{32}-G:0-TimeStamp:\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2}");
    return message.substring(message.indexOf(';') + 1);
  }
}
