package io.fleethub.transport.http.device;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a successful device API operation sends back: a status, headers in the order they are written, and a body
 * (empty for none). The body is not copied: callers must not change it.
 */
record DeviceReply(int status, Map<String, String> headers, byte[] body) {
  DeviceReply {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    Objects.requireNonNull(body, "body");
  }

  static DeviceReply noContent() {
    return new DeviceReply(204, Map.of(), new byte[0]);
  }

  static DeviceReply ok(Map<String, String> headers, byte[] body) {
    return new DeviceReply(200, headers, body);
  }
}
