package io.fleethub.core.memory;

import io.fleethub.core.consumergroups.ConsumerGroup;
import io.fleethub.core.consumergroups.ConsumerGroupStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/** A {@link ConsumerGroupStore} in memory, for tests of the layers above the stores. */
public final class InMemoryConsumerGroupStore implements ConsumerGroupStore {
  private final LinkedHashMap<String, ConsumerGroup> groups = new LinkedHashMap<>();

  @Override
  public synchronized List<ConsumerGroup> listConsumerGroups() {
    return List.copyOf(groups.values());
  }

  @Override
  public synchronized Optional<ConsumerGroup> findConsumerGroup(String name) {
    return Optional.ofNullable(groups.get(ConsumerGroup.keyOf(name)));
  }

  @Override
  public synchronized boolean insertConsumerGroup(ConsumerGroup group) {
    return groups.putIfAbsent(group.key(), group) == null;
  }

  @Override
  public synchronized boolean deleteConsumerGroup(String name) {
    return groups.remove(ConsumerGroup.keyOf(name)) != null;
  }
}
