package io.fleethub.store.sql;

import java.time.Instant;

/**
 * Instants as microseconds since the epoch, the schema's time encoding: exact for what {@code Clock.systemUTC()}
 * gives on Linux and for IoT Hub's "never" (year 1); nanoseconds below a microsecond are dropped.
 */
final class EpochMicros {
  private static final long MICROS_PER_SECOND = 1_000_000;
  private static final long NANOS_PER_MICRO = 1_000;

  private EpochMicros() {}

  static long of(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND), instant.getNano() / NANOS_PER_MICRO);
  }

  static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, MICROS_PER_SECOND), Math.floorMod(micros, MICROS_PER_SECOND) * NANOS_PER_MICRO);
  }
}
