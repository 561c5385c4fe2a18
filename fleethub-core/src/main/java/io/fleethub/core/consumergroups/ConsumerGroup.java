package io.fleethub.core.consumergroups;

import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A consumer group of the built-in endpoint: a name readers give so that each group reads the stream
 * independently. Names are 1 to 50 letters, digits, {@code .}, {@code -} and {@code _}, plus the reserved
 * {@value #DEFAULT}; they are compared ignoring case, as Event Hubs compares them.
 */
public record ConsumerGroup(String name, Instant createdTime) {
  /** The group every hub has; it cannot be deleted. */
  public static final String DEFAULT = "$Default";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,50}");

  public ConsumerGroup {
    requireValidName(name);
    Objects.requireNonNull(createdTime, "createdTime");
  }

  /** The name in the form that names are compared in: lower case. */
  public String key() {
    return keyOf(name);
  }

  public static String keyOf(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** Throws {@link ErrorCode#ARGUMENT_INVALID} for a name no consumer group may have. */
  public static void requireValidName(String name) {
    Objects.requireNonNull(name, "name");
    if (!name.equals(DEFAULT) && !NAME.matcher(name).matches()) {
      throw new HubException(ErrorCode.ARGUMENT_INVALID, "A consumer group name is 1 to 50 letters, digits, '.', "
          + "'-' and '_'; '" + name + "' is not.");
    }
  }
}
