package io.fleethub.core.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionerTest {

  /**
   * Values computed outside this code base with 32-bit FNV-1a (offset basis 0x811c9dc5, prime 0x01000193) over
   * the UTF-8 bytes, as a signed int, floor-modulo the count. "a" hashes to 0xe40c292c and "foobar" to 0xbf9cf968,
   * FNV's published test vectors. A changed hash moves existing devices to other partitions, so these must not
   * change.
   */
  @ParameterizedTest(name = "{0} of {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "d1              | 4  | 2",
      "d2              | 4  | 3",
      "sensor-42       | 4  | 0",
      "thermostat-0001 | 4  | 0",
      "a               | 4  | 0",
      "é               | 4  | 1",
      "dev ice#1       | 4  | 3",
      "d1              | 32 | 6",
      "d2              | 32 | 19",
      "sensor-42       | 32 | 16",
      "Sensor          | 32 | 27",
      "a               | 32 | 12",
      "foobar          | 32 | 8",
      "foobar          | 7  | 3",
      "d2              | 3  | 0",
  })
  void mapsKnownIdsToTheirPinnedPartitions(String partitionKey, int partitionCount, int expected) {
    // WHEN
    int partition = Partitioner.partitionFor(partitionKey, partitionCount);

    // THEN
    assertThat(partition).isEqualTo(expected);
  }

  @Test
  void spreadsTenThousandIdsEvenlyOverFourPartitions() {
    // WHEN
    Map<Integer, Long> counts = new TreeMap<>();
    IntStream.range(0, 10_000)
        .map(i -> Partitioner.partitionFor("device-" + i, 4))
        .forEach(p -> counts.merge(p, 1L, Long::sum));

    // THEN each partition gets 2,500 +/- 20%
    assertThat(counts).containsOnlyKeys(0, 1, 2, 3);
    assertThat(counts.values()).allSatisfy(count -> assertThat(count).isBetween(2_000L, 3_000L));
  }

  @Test
  void spreadsTenThousandRandomUuidsEvenlyOverFourPartitions() {
    // GIVEN
    Random random = new Random(20260301);

    // WHEN
    Map<Integer, Long> counts = new TreeMap<>();
    IntStream.range(0, 10_000)
        .mapToObj(i -> new UUID(random.nextLong(), random.nextLong()).toString())
        .map(id -> Partitioner.partitionFor(id, 4))
        .forEach(p -> counts.merge(p, 1L, Long::sum));

    // THEN
    assertThat(counts).containsOnlyKeys(0, 1, 2, 3);
    assertThat(counts.values()).allSatisfy(count -> assertThat(count).isBetween(2_000L, 3_000L));
  }

  @Test
  void keepsEveryPartitionInRangeIncludingForNegativeHashes() {
    // GIVEN "d1" hashes to a negative int (0x881d13e6)
    // WHEN / THEN
    assertThat(IntStream.range(0, 2_000).map(i -> Partitioner.partitionFor("id-" + i, 5)))
        .allSatisfy(p -> assertThat(p).isBetween(0, 4));
    assertThat(Partitioner.partitionFor("d1", 5)).isBetween(0, 4);
  }

  @Test
  void putsEverythingInPartitionZeroWhenThereIsOne() {
    // WHEN / THEN
    assertThat(IntStream.range(0, 100).map(i -> Partitioner.partitionFor("id-" + i, 1))).containsOnly(0);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void rejectsPartitionCountBelowOne(int partitionCount) {
    // WHEN / THEN
    assertThatThrownBy(() -> Partitioner.partitionFor("d1", partitionCount))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }
}
