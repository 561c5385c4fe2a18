package io.fleethub.core.methods;

import java.util.Arrays;
import java.util.Objects;

/**
 * A device's answer to a direct method call: the status it chose and its payload, returned to the back end as
 * {@code {"status": status, "payload": payload}}.
 *
 * @param payload what the device sent, in UTF-8; meant to be JSON, but the hub passes on whatever it got
 *     (possibly nothing)
 */
public record MethodResult(int status, byte[] payload) {
  public MethodResult {
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MethodResult that && status == that.status && Arrays.equals(payload, that.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "MethodResult[status=" + status + ", payload=" + payload.length + " bytes]";
  }
}
