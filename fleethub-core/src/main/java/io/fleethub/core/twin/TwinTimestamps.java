package io.fleethub.core.twin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How a twin writes instants, in UTC with a {@code Z} as .NET writes them: {@code $lastUpdated} always with seven
 * fractional digits ({@code 2019-03-18T14:12:38.2265247Z}, as IoT Hub sends them), the registry's times with
 * trailing zeros dropped ({@code 0001-01-01T00:00:00Z} for "never"). Digits below 100 ns are dropped.
 */
public final class TwinTimestamps {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final int NANOS_PER_TICK = 100;

  private TwinTimestamps() {}

  /** The {@code $lastUpdated} form: seven fractional digits. */
  public static String lastUpdated(Instant instant) {
    return SECONDS.format(instant) + "." + String.format("%07d", ticks(instant)) + "Z";
  }

  /** The form of the registry's times in a twin: up to seven fractional digits, none when they are all zero. */
  public static String registryTime(Instant instant) {
    int ticks = ticks(instant);
    if (ticks == 0) {
      return SECONDS.format(instant) + "Z";
    }
    return SECONDS.format(instant) + "." + String.format("%07d", ticks).replaceFirst("0+$", "") + "Z";
  }

  private static int ticks(Instant instant) {
    return instant.getNano() / NANOS_PER_TICK;
  }
}
