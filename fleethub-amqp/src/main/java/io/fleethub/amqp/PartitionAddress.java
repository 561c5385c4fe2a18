package io.fleethub.amqp;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The source address of a receiver on the built-in endpoint: {@code {hubName}/ConsumerGroups/{group}/Partitions/{p}},
 * as the Event Hubs SDKs build it, or IoT Hub's {@code messages/events/ConsumerGroups/{group}/Partitions/{p}}.
 *
 * @param entity the event hub the address names, as written (checked against the hub name by the caller)
 * @param consumerGroup the group as written (looked up by the caller)
 * @param partitionId the partition id as written (validated by the caller)
 */
record PartitionAddress(String entity, String consumerGroup, String partitionId) {
  private static final Pattern FORM =
      Pattern.compile("/?(.+)/ConsumerGroups/([^/]+)/Partitions/([^/]+)/?", Pattern.CASE_INSENSITIVE);

  /** The address's parts, or empty when it is not of the receiver form at all. */
  static Optional<PartitionAddress> parse(String address) {
    Matcher matcher = FORM.matcher(address);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return Optional.of(new PartitionAddress(matcher.group(1), matcher.group(2), matcher.group(3)));
  }

  /** True when the address names this hub's event hub, by its name or as {@code messages/events}. */
  boolean namesHub(String hubName) {
    return entity.equalsIgnoreCase(hubName)
        || entity.toLowerCase(Locale.ROOT).equals(EntityPaths.BUILT_IN_ENDPOINT);
  }

  /** The partition number, when the id is a decimal number below {@code partitionCount}. */
  Optional<Integer> partition(int partitionCount) {
    if (!partitionId.matches("[0-9]{1,9}")) {
      return Optional.empty();
    }
    int partition = Integer.parseInt(partitionId);
    return partition < partitionCount ? Optional.of(partition) : Optional.empty();
  }

  /** The canonical entity path of the partition, with the group's configured name. */
  static String canonical(String hubName, String group, int partition) {
    return hubName + "/ConsumerGroups/" + group + "/Partitions/" + partition;
  }
}
