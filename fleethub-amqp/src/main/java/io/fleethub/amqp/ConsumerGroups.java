package io.fleethub.amqp;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The consumer groups of the built-in endpoint. Every hub has {@value #DEFAULT}; others are configured. Names are
 * matched ignoring case, as Event Hubs matches entity names. Implementations are thread-safe and do not block.
 */
public interface ConsumerGroups {
  /** The consumer group every hub has. */
  String DEFAULT = "$Default";

  /** The group's name as it was configured, when a group of that name (ignoring case) exists. */
  Optional<String> find(String name);

  /** Only {@value #DEFAULT}. */
  static ConsumerGroups defaultOnly() {
    return of(java.util.List.of());
  }

  /** {@value #DEFAULT} and the given groups; a name must be 1 to 50 characters without {@code /}. */
  static ConsumerGroups of(Collection<String> configured) {
    Map<String, String> byKey = new LinkedHashMap<>();
    byKey.put(DEFAULT.toLowerCase(Locale.ROOT), DEFAULT);
    for (String name : configured) {
      if (name == null || name.isEmpty() || name.length() > 50 || name.contains("/")) {
        throw new IllegalArgumentException("consumer group name must be 1 to 50 characters without '/': " + name);
      }
      byKey.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
    }
    Map<String, String> groups = Map.copyOf(byKey);
    return name -> Optional.ofNullable(groups.get(name.toLowerCase(Locale.ROOT)));
  }
}
