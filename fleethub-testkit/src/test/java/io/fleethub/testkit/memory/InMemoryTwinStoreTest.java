package io.fleethub.testkit.memory;

import io.fleethub.core.memory.InMemoryTwinStore;
import io.fleethub.core.memory.InMemoryRegistryStore;
import io.fleethub.testkit.store.TwinStoreContract;

class InMemoryTwinStoreTest implements TwinStoreContract {

  @Override
  public Backend newBackend() {
    return new Backend(new InMemoryRegistryStore(), new InMemoryTwinStore());
  }
}
