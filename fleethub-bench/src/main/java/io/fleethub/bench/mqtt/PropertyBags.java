package io.fleethub.bench.mqtt;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the {@code key=value&...} property bags IoT Hub puts in topics. Stateless.
 */
final class PropertyBags {
  private PropertyBags() {}

  /**
   * The pairs of {@code bag}, keys and values percent-decoded, in order; a key without {@code =} has the empty
   * value, and of a repeated key the first value counts. A malformed escape leaves that part as it is.
   */
  static Map<String, String> decode(String bag) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String pair : bag.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      pairs.putIfAbsent(percentDecoded(key), percentDecoded(value));
    }
    return pairs;
  }

  private static String percentDecoded(String text) {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
      return text;
    }
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return text;
    }
  }
}
