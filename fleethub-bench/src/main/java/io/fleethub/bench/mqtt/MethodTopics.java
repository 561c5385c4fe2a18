package io.fleethub.bench.mqtt;

import java.util.Map;
import java.util.Optional;

/**
 * The topics of direct methods on the device's side, as IoT Hub publishes and expects them: requests arrive on
 * {@code $iothub/methods/POST/{methodName}/?$rid={requestId}}, answers go to
 * {@code $iothub/methods/res/{status}/?$rid={requestId}}. Stateless.
 */
public final class MethodTopics {
  /** The filter a device subscribes to for its method requests. */
  public static final String REQUESTS = "$iothub/methods/POST/#";

  private static final String REQUEST_PREFIX = "$iothub/methods/POST/";
  private static final String REQUEST_ID = "$rid";

  private MethodTopics() {}

  /**
   * The request id of a method request's topic; empty for any other topic, or a request without a {@code $rid}.
   * Query keys and values are percent-decoded, so {@code %24rid} is {@code $rid} too.
   */
  public static Optional<String> requestId(String topic) {
    if (!topic.startsWith(REQUEST_PREFIX)) {
      return Optional.empty();
    }
    int query = topic.indexOf("/?", REQUEST_PREFIX.length());
    if (query < 0) {
      return Optional.empty();
    }
    return PropertyBags.decode(topic.substring(query + 2)).entrySet().stream()
        .filter(entry -> entry.getKey().equals(REQUEST_ID) && !entry.getValue().isEmpty())
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /** The topic of the answer to request {@code requestId}, with the device's {@code status}. */
  public static String response(int status, String requestId) {
    return "$iothub/methods/res/" + status + "/?" + REQUEST_ID + "=" + requestId;
  }
}
