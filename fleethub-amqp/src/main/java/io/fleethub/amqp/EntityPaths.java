package io.fleethub.amqp;

import io.fleethub.core.HubIdentity;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entity paths of the hub as AMQP clients name them, in links and in token audiences. A path is kept canonical:
 * no leading or trailing slash, and IoT Hub's {@code messages/events} written as the hub name, which is the name
 * of the Event Hubs-compatible entity. Stateless.
 */
final class EntityPaths {
  /** IoT Hub's own name for the built-in endpoint. */
  static final String BUILT_IN_ENDPOINT = "messages/events";

  /** Where a service sends cloud-to-device messages. */
  static final String DEVICEBOUND = "messages/devicebound";

  /** Where a service receives the feedback on cloud-to-device messages; IoT Hub writes it {@code serviceBound}. */
  static final String FEEDBACK = "messages/servicebound/feedback";

  private static final Pattern AUDIENCE = Pattern.compile("(?:[A-Za-z][A-Za-z0-9+.-]*://)?([^/]+)(?:/(.*))?");

  private EntityPaths() {}

  /**
   * The entity path a token audience names, as written but without surrounding slashes, when it names this hub:
   * {@code amqp://{host}/{path}} (as the Event Hubs SDKs write it), {@code sb://{host}/}, {@code {host}/{path}} or
   * the bare host, URL-encoded or not. Empty when the audience names another host. The empty path stands for the
   * whole hub.
   */
  static Optional<String> ofAudience(String audience, HubIdentity hub) {
    Matcher matcher = AUDIENCE.matcher(decode(audience.trim()));
    if (!matcher.matches() || !hostOnly(matcher.group(1)).equalsIgnoreCase(hub.hostName())) {
      return Optional.empty();
    }
    return Optional.of(trimSlashes(matcher.group(2) == null ? "" : matcher.group(2)));
  }

  /** The path as given, made canonical (see the class comment). */
  static String canonical(String path, String hubName) {
    String trimmed = trimSlashes(path);
    if (startsWithSegments(trimmed, BUILT_IN_ENDPOINT)) {
      return hubName + trimmed.substring(BUILT_IN_ENDPOINT.length());
    }
    return trimmed;
  }

  /** True when a link address names {@code entity} (canonical): ignoring case and surrounding slashes. */
  static boolean names(String address, String entity) {
    return address != null && trimSlashes(address).equalsIgnoreCase(entity);
  }

  /**
   * True when a claim for {@code scope} reaches {@code entity}: the scope is the whole hub (empty), the entity
   * itself, or one of its parents by whole segments, ignoring case. Both paths must be canonical.
   */
  static boolean covers(String scope, String entity) {
    return scope.isEmpty() || startsWithSegments(entity, scope);
  }

  private static boolean startsWithSegments(String path, String prefix) {
    String lowerPath = path.toLowerCase(Locale.ROOT);
    String lowerPrefix = prefix.toLowerCase(Locale.ROOT);
    return lowerPath.equals(lowerPrefix)
        || (lowerPath.startsWith(lowerPrefix) && lowerPath.charAt(lowerPrefix.length()) == '/');
  }

  private static String trimSlashes(String path) {
    int start = 0;
    int end = path.length();
    while (start < end && path.charAt(start) == '/') {
      start++;
    }
    while (end > start && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(start, end);
  }

  private static String hostOnly(String authority) {
    int colon = authority.lastIndexOf(':');
    return colon > 0 && authority.indexOf(']') < colon ? authority.substring(0, colon) : authority;
  }

  private static String decode(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return value;
    }
  }
}
