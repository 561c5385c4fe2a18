package io.fleethub.testkit.memory;

import io.fleethub.core.consumergroups.ConsumerGroupStore;
import io.fleethub.core.memory.InMemoryConsumerGroupStore;
import io.fleethub.testkit.store.ConsumerGroupStoreContract;

class InMemoryConsumerGroupStoreTest implements ConsumerGroupStoreContract {

  @Override
  public ConsumerGroupStore newStore() {
    return new InMemoryConsumerGroupStore();
  }
}
