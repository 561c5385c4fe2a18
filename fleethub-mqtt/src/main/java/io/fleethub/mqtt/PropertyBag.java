package io.fleethub.mqtt;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code k=v&k2=v2} property bag IoT Hub puts in MQTT topic names (and in the MQTT user name's query).
 * Keys and values are percent-encoded; clients differ in what they encode (the Java SDK sends {@code $.mid} raw,
 * Node sends {@code %24.mid}), so both are decoded. A {@code +} is a plus sign, not a space: both SDKs send
 * spaces as {@code %20}. Stateless and thread-safe.
 */
final class PropertyBag {
  private PropertyBag() {}

  /**
   * The bag's properties in the order they appear; a later duplicate replaces an earlier one. A key without
   * {@code =} has the empty value, and empty segments ({@code a=1&&b=2}) are skipped.
   *
   * @throws IllegalArgumentException when a key or value is badly percent-encoded, or a key is empty
   */
  static Map<String, String> decode(String bag) {
    Map<String, String> properties = new LinkedHashMap<>();
    if (bag.isEmpty()) {
      return properties;
    }
    for (String segment : bag.split("&")) {
      if (segment.isEmpty()) {
        continue;
      }
      int equals = segment.indexOf('=');
      String key = percentDecode(equals < 0 ? segment : segment.substring(0, equals));
      String value = equals < 0 ? "" : percentDecode(segment.substring(equals + 1));
      if (key.isEmpty()) {
        throw new IllegalArgumentException("the property bag has a property without a name: '" + segment + "'");
      }
      properties.put(key, value);
    }
    return properties;
  }

  /**
   * Encodes properties as IoT Hub sends them to devices: every key and value percent-encoded (so {@code $.mid}
   * becomes {@code %24.mid}), spaces as {@code %20}, a {@code null} value as the bare key and the empty string
   * as {@code key=}.
   */
  static String encode(Map<String, String> properties) {
    StringBuilder bag = new StringBuilder();
    for (Map.Entry<String, String> property : properties.entrySet()) {
      if (bag.length() > 0) {
        bag.append('&');
      }
      bag.append(percentEncode(property.getKey()));
      if (property.getValue() != null) {
        bag.append('=').append(percentEncode(property.getValue()));
      }
    }
    return bag.toString();
  }

  private static String percentDecode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String percentEncode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
