package io.fleethub.core.consumergroups;

import java.util.List;
import java.util.Optional;

/**
 * Where a hub keeps its consumer groups. Names are unique ignoring case ({@link ConsumerGroup#key()}); a group
 * keeps the spelling it was created with. Implementations are thread-safe and block on their storage.
 */
public interface ConsumerGroupStore {
  /** Every group, in the order they were created. */
  List<ConsumerGroup> listConsumerGroups();

  /** The group whose name equals {@code name} ignoring case. */
  Optional<ConsumerGroup> findConsumerGroup(String name);

  /** Adds the group; false, changing nothing, when a group of that name (ignoring case) exists. */
  boolean insertConsumerGroup(ConsumerGroup group);

  /** Removes the group of that name (ignoring case); false when there is none. */
  boolean deleteConsumerGroup(String name);
}
