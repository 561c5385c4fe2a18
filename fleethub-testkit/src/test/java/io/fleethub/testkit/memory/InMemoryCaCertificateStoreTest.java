package io.fleethub.testkit.memory;

import io.fleethub.core.memory.InMemoryCaCertificateStore;
import io.fleethub.core.certificates.CaCertificateStore;
import io.fleethub.testkit.store.CaCertificateStoreContract;

class InMemoryCaCertificateStoreTest implements CaCertificateStoreContract {

  @Override
  public CaCertificateStore newStore() {
    return new InMemoryCaCertificateStore();
  }
}
