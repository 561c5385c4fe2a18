package io.fleethub.core.methods;

import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * A direct method call as a back end makes it ({@code POST /twins/{id}/methods}), checked against IoT Hub's
 * rules: a method name of 1 to {@value #MAX_METHOD_NAME_LENGTH} characters, a payload of at most
 * {@value #MAX_PAYLOAD_BYTES} bytes, a response timeout of 5 to 300 seconds and a connect timeout of 0 to 300
 * seconds. Breaking one throws a {@link HubException} ({@link ErrorCode#ARGUMENT_INVALID}, or
 * {@link ErrorCode#MESSAGE_TOO_LARGE} for the payload).
 *
 * @param payload the payload's JSON text in UTF-8, as the device receives it ({@code null} when the caller sent
 *     none)
 * @param responseTimeout how long the hub waits for the device's answer once it handed the call to the device
 * @param connectTimeout how long the hub waits for the device to connect and subscribe to methods first
 */
public record MethodCall(String methodName, byte[] payload, Duration responseTimeout, Duration connectTimeout) {
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration MIN_RESPONSE_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration MAX_RESPONSE_TIMEOUT = Duration.ofSeconds(300);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ZERO;
  public static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(300);
  public static final int MAX_PAYLOAD_BYTES = 128 * 1024;
  public static final int MAX_METHOD_NAME_LENGTH = 128;

  /** The payload of a call that sent none. */
  public static final byte[] NULL_PAYLOAD = "null".getBytes(StandardCharsets.UTF_8);

  public MethodCall {
    Objects.requireNonNull(methodName, "methodName");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(responseTimeout, "responseTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (methodName.isBlank() || methodName.length() > MAX_METHOD_NAME_LENGTH || methodName.contains("/")) {
      throw new HubException(ErrorCode.ARGUMENT_INVALID, "The method name must be 1 to " + MAX_METHOD_NAME_LENGTH
          + " characters without '/', not '" + methodName + "'.");
    }
    if (payload.length > MAX_PAYLOAD_BYTES) {
      throw new HubException(ErrorCode.MESSAGE_TOO_LARGE, "The method payload is " + payload.length
          + " bytes; IoT Hub allows at most " + MAX_PAYLOAD_BYTES + ".");
    }
    requireWithin("responseTimeoutInSeconds", responseTimeout, MIN_RESPONSE_TIMEOUT, MAX_RESPONSE_TIMEOUT);
    requireWithin("connectTimeoutInSeconds", connectTimeout, Duration.ZERO, MAX_CONNECT_TIMEOUT);
    payload = payload.clone();
  }

  /** A call with IoT Hub's default timeouts (30 s to answer, no wait for a connection). */
  public static MethodCall of(String methodName, byte[] payload) {
    return new MethodCall(methodName, payload, DEFAULT_RESPONSE_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  private static void requireWithin(String name, Duration value, Duration min, Duration max) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new HubException(ErrorCode.ARGUMENT_INVALID, name + " must be from " + min.toSeconds() + " to "
          + max.toSeconds() + ", not " + value.toSeconds() + ".");
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MethodCall that
        && methodName.equals(that.methodName)
        && Arrays.equals(payload, that.payload)
        && responseTimeout.equals(that.responseTimeout)
        && connectTimeout.equals(that.connectTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(methodName, Arrays.hashCode(payload), responseTimeout, connectTimeout);
  }

  @Override
  public String toString() {
    return "MethodCall[methodName=" + methodName + ", payload=" + payload.length + " bytes, responseTimeout="
        + responseTimeout + ", connectTimeout=" + connectTimeout + "]";
  }
}
