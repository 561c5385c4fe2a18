package io.fleethub.mqtt;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Instants as IoT Hub writes them in MQTT topics and bodies: UTC, seven fractional digits, {@code Z}. */
final class IotHubTime {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private IotHubTime() {}

  /** For example {@code 2020-07-25T14:14:25.1720000Z}. */
  static String format(Instant instant) {
    return FORMAT.format(instant);
  }
}
