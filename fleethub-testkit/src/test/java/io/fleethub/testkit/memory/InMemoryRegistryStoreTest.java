package io.fleethub.testkit.memory;

import io.fleethub.core.memory.InMemoryRegistryStore;
import io.fleethub.core.registry.RegistryStore;
import io.fleethub.testkit.store.RegistryStoreContract;

class InMemoryRegistryStoreTest implements RegistryStoreContract {

  @Override
  public RegistryStore newStore() {
    return new InMemoryRegistryStore();
  }
}
