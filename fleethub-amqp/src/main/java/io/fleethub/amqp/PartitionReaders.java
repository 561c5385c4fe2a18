package io.fleethub.amqp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;

/**
 * The receivers of every partition and consumer group across the endpoint's connections, with Event Hubs'
 * owner-level ({@code com.microsoft:epoch}) rules:
 *
 * <ul>
 *   <li>a receiver with an owner level ends every receiver of the same partition and group that has a lower
 *       level or none ({@code amqp:link:stolen});
 *   <li>a receiver is refused ({@code amqp:link:stolen}) while one with a higher level reads, and a receiver
 *       without a level is refused while any receiver with a level reads;
 *   <li>at most {@code maxReceivers} receivers read one partition in one group ({@code amqp:resource-limit-exceeded}).
 * </ul>
 *
 * Thread-safe; the admission of a receiver is atomic. Evicted receivers are told after the registry lets go of its
 * lock, on the caller's thread; they must hop to their own context.
 */
final class PartitionReaders {
  /** A receiver as the registry sees it. */
  interface Reader {
    /** The owner level the receiver asked for, or null for none. */
    Long ownerLevel();

    /** Ends the receiver because a higher owner level took the partition; callable from any thread. */
    void steal(ErrorCondition condition);
  }

  private final int maxReceivers;
  private final Map<String, List<Reader>> readers = new HashMap<>();

  PartitionReaders(int maxReceivers) {
    this.maxReceivers = maxReceivers;
  }

  /**
   * Registers {@code reader} for the partition of {@code group}; returns null when admitted, or why it is
   * refused. Receivers it displaces are removed and told.
   */
  ErrorCondition admit(String group, int partition, Reader reader) {
    List<Reader> evicted = new ArrayList<>();
    ErrorCondition refusal;
    synchronized (this) {
      List<Reader> current = readers.computeIfAbsent(key(group, partition), k -> new ArrayList<>());
      refusal = refusal(current, reader, group, partition);
      if (refusal == null) {
        for (Reader existing : List.copyOf(current)) {
          if (reader.ownerLevel() != null && outranks(reader.ownerLevel(), existing.ownerLevel())) {
            current.remove(existing);
            evicted.add(existing);
          }
        }
        if (current.size() >= maxReceivers) {
          refusal = AmqpErrors.condition(AmqpErrors.RESOURCE_LIMIT_EXCEEDED, "Exceeded the maximum number of "
              + "allowed receivers per partition in a consumer group, which is " + maxReceivers + ".");
          current.addAll(evicted);
          evicted.clear();
        } else {
          current.add(reader);
        }
      }
    }
    for (Reader stolen : evicted) {
      stolen.steal(AmqpErrors.condition(AmqpErrors.LINK_STOLEN, "A receiver with the higher owner level "
          + reader.ownerLevel() + " took partition " + partition + " of consumer group '" + group + "'."));
    }
    return refusal;
  }

  /** Unregisters a receiver; nothing happens when it was not registered (or was already displaced). */
  synchronized void leave(String group, int partition, Reader reader) {
    String key = key(group, partition);
    List<Reader> current = readers.get(key);
    if (current != null && current.remove(reader) && current.isEmpty()) {
      readers.remove(key);
    }
  }

  private static ErrorCondition refusal(List<Reader> current, Reader reader, String group, int partition) {
    for (Reader existing : current) {
      Long level = existing.ownerLevel();
      if (level == null) {
        continue;
      }
      if (reader.ownerLevel() == null || level > reader.ownerLevel()) {
        return AmqpErrors.condition(AmqpErrors.LINK_STOLEN, "A receiver with owner level " + level
            + " already reads partition " + partition + " of consumer group '" + group + "'; a receiver with "
            + (reader.ownerLevel() == null ? "no owner level" : "owner level " + reader.ownerLevel())
            + " cannot be created.");
      }
    }
    return null;
  }

  private static boolean outranks(long level, Long other) {
    return other == null || other < level;
  }

  private static String key(String group, int partition) {
    return group.toLowerCase(Locale.ROOT) + "/" + partition;
  }
}
