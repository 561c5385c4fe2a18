package io.fleethub.transport.http.service;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes instants as IoT Hub does (the .NET round-trip form): UTC, whole seconds, then up to seven fractional
 * digits without trailing zeros, then {@code Z}; e.g. {@code 2024-01-02T03:04:05.6789012Z}, and
 * {@code 0001-01-01T00:00:00Z} for "never". The Java service SDK's {@code ParserUtility.getDateTimeUtc} splits on
 * {@code .} and {@code Z} and reads at most three fractional digits, so no offset form may be used.
 */
final class IotHubDates {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final int NANOS_PER_TICK = 100;

  private IotHubDates() {}

  static String format(Instant instant) {
    String seconds = SECONDS.format(instant);
    int ticks = instant.getNano() / NANOS_PER_TICK;
    if (ticks == 0) {
      return seconds + "Z";
    }
    String fraction = String.format("%07d", ticks).replaceFirst("0+$", "");
    return seconds + "." + fraction + "Z";
  }
}
