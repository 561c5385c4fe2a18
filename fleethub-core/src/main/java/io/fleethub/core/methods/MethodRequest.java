package io.fleethub.core.methods;

import io.fleethub.core.identity.IdentityRef;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * A method call as handed to the device's connection: MQTT publishes it on
 * {@code $iothub/methods/POST/{methodName}/?$rid={requestId}}, AMQP sends it with {@code requestId} as the
 * correlation id. The device answers with {@link DirectMethods#respond}.
 *
 * @param requestId a UUID (AMQP clients parse the correlation id as one), unique among the hub's calls
 * @param payload the call's JSON text in UTF-8
 */
public record MethodRequest(IdentityRef target, UUID requestId, String methodName, byte[] payload) {
  public MethodRequest {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(methodName, "methodName");
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MethodRequest that
        && target.equals(that.target)
        && requestId.equals(that.requestId)
        && methodName.equals(that.methodName)
        && Arrays.equals(payload, that.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(target, requestId, methodName, Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "MethodRequest[target=" + target + ", requestId=" + requestId + ", methodName=" + methodName
        + ", payload=" + payload.length + " bytes]";
  }
}
