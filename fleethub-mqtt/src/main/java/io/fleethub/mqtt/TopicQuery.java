package io.fleethub.mqtt;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The query of a twin or method topic, {@code $rid=1&$version=3}, as the device wrote it: values are kept raw
 * (not percent-decoded), so a request id is echoed back exactly. A later duplicate wins; a key without {@code =}
 * has the empty value. Immutable.
 */
record TopicQuery(Map<String, String> parameters) {
  static final TopicQuery EMPTY = new TopicQuery(Map.of());

  TopicQuery {
    parameters = Map.copyOf(Objects.requireNonNull(parameters, "parameters"));
  }

  /** Parses {@code k=v&k2=v2}; a leading {@code ?} is skipped. */
  static TopicQuery parse(String query) {
    String text = query.startsWith("?") ? query.substring(1) : query;
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String segment : text.split("&")) {
      if (segment.isEmpty()) {
        continue;
      }
      int equals = segment.indexOf('=');
      parameters.put(equals < 0 ? segment : segment.substring(0, equals),
          equals < 0 ? "" : segment.substring(equals + 1));
    }
    return new TopicQuery(parameters);
  }

  /** The request id ({@code $rid}); empty when absent. */
  Optional<String> requestId() {
    return Optional.ofNullable(parameters.get("$rid"));
  }

  /** The {@code $version}, raw; empty when absent. */
  Optional<String> version() {
    return Optional.ofNullable(parameters.get("$version"));
  }
}
