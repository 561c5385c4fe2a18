package io.fleethub.testkit.memory;

import io.fleethub.core.memory.InMemoryPolicyStore;
import io.fleethub.core.auth.PolicyStore;
import io.fleethub.testkit.store.PolicyStoreContract;

class InMemoryPolicyStoreTest implements PolicyStoreContract {

  @Override
  public PolicyStore newStore() {
    return new InMemoryPolicyStore();
  }
}
