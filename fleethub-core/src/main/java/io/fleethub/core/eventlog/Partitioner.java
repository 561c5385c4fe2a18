package io.fleethub.core.eventlog;

import java.nio.charset.StandardCharsets;

/**
 * Chooses an event's partition from its partition key with a hash that does not change between versions or
 * JVMs, so one device's events always land, in order, in one partition.
 */
public final class Partitioner {
  private Partitioner() {}

  public static int partitionFor(String partitionKey, int partitionCount) {
    if (partitionCount < 1) {
      throw new IllegalArgumentException("partitionCount must be at least 1");
    }
    return Math.floorMod(fnv1a(partitionKey.getBytes(StandardCharsets.UTF_8)), partitionCount);
  }

  /** 32-bit FNV-1a: stable and well spread for short ids. */
  private static int fnv1a(byte[] bytes) {
    int hash = 0x811c9dc5;
    for (byte b : bytes) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return hash;
  }
}
