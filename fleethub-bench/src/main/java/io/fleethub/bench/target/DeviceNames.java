package io.fleethub.bench.target;

import io.fleethub.core.identity.DeviceId;
import java.util.Objects;

/**
 * The names of the simulated devices: {@code <prefix>-000000}, {@code <prefix>-000001}, ..., numbered from
 * {@code first}, so that several bench processes can share one prefix with distinct ranges. Every name is a
 * valid IoT Hub device id.
 */
public record DeviceNames(String prefix, int first) {
  /** The widest number a name carries: {@link Integer#MAX_VALUE} has 10 digits. */
  private static final int MAX_NUMBER_DIGITS = 10;

  /** Room left for the prefix in a 128-character device id, after the dash and the widest number. */
  static final int MAX_PREFIX_LENGTH = 128 - 1 - MAX_NUMBER_DIGITS;

  /** @throws IllegalArgumentException for a prefix not usable in a device id, or a negative {@code first} */
  public DeviceNames {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.length() > MAX_PREFIX_LENGTH) {
      throw new IllegalArgumentException("the device prefix is longer than " + MAX_PREFIX_LENGTH
          + " characters, which leaves no room for the device number in a 128-character device id");
    }
    try {
      DeviceId.of(prefix);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the device prefix '" + prefix + "' cannot start an IoT Hub device id: "
          + e.getMessage());
    }
    if (first < 0) {
      throw new IllegalArgumentException("the first device number must be 0 or more, not " + first);
    }
  }

  /** The name of device {@code index} of this run: {@code <prefix>-<first + index>}, at least six digits. */
  public String name(int index) {
    if (index < 0 || (long) first + index > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("device " + index + " is out of range from device number " + first);
    }
    return String.format("%s-%06d", prefix, first + index);
  }
}
