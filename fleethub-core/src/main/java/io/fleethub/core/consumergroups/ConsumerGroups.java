package io.fleethub.core.consumergroups;

import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The hub's consumer groups, with IoT Hub's rules: {@value ConsumerGroup#DEFAULT} always exists and cannot be
 * deleted, and a hub has at most {@value #MAX_GROUPS} groups, {@value ConsumerGroup#DEFAULT} included (the
 * Standard tier's limit). Thread-safe; every method blocks on the store.
 */
public final class ConsumerGroups {
  public static final int MAX_GROUPS = 20;

  private final ConsumerGroupStore store;
  private final Clock clock;

  public ConsumerGroups(ConsumerGroupStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Stores {@value ConsumerGroup#DEFAULT}, created now, unless it is stored already. */
  public void ensureDefault() {
    if (store.findConsumerGroup(ConsumerGroup.DEFAULT).isEmpty()) {
      store.insertConsumerGroup(new ConsumerGroup(ConsumerGroup.DEFAULT, clock.instant()));
    }
  }

  /** Every group, {@value ConsumerGroup#DEFAULT} first. */
  public List<ConsumerGroup> list() {
    return store.listConsumerGroups();
  }

  /** The group of that name, ignoring case. */
  public Optional<ConsumerGroup> find(String name) {
    return store.findConsumerGroup(name);
  }

  /**
   * Creates a group. Refuses with {@link ErrorCode#ARGUMENT_INVALID} for an invalid name,
   * {@link ErrorCode#CONFLICT} when one of that name exists, {@link ErrorCode#FORBIDDEN} when the hub has
   * {@value #MAX_GROUPS} already.
   */
  public ConsumerGroup create(String name) {
    ConsumerGroup group = new ConsumerGroup(name, clock.instant());
    if (store.findConsumerGroup(name).isPresent()) {
      throw exists(name);
    }
    if (store.listConsumerGroups().size() >= MAX_GROUPS) {
      throw new HubException(ErrorCode.FORBIDDEN,
          "The hub has " + MAX_GROUPS + " consumer groups, the most it can; delete one first.");
    }
    if (!store.insertConsumerGroup(group)) {
      throw exists(name);
    }
    return group;
  }

  /**
   * Deletes a group; {@link ErrorCode#INVALID_OPERATION} for {@value ConsumerGroup#DEFAULT},
   * {@link ErrorCode#NOT_FOUND} when there is none of that name.
   */
  public void delete(String name) {
    Objects.requireNonNull(name, "name");
    if (ConsumerGroup.keyOf(name).equals(ConsumerGroup.keyOf(ConsumerGroup.DEFAULT))) {
      throw new HubException(ErrorCode.INVALID_OPERATION, "The consumer group $Default cannot be deleted.");
    }
    if (!store.deleteConsumerGroup(name)) {
      throw new HubException(ErrorCode.NOT_FOUND, "There is no consumer group '" + name + "'.");
    }
  }

  private static HubException exists(String name) {
    return new HubException(ErrorCode.CONFLICT, "A consumer group named '" + name + "' exists already.");
  }
}
