package io.fleethub.testkit.memory;

import io.fleethub.core.memory.InMemoryCloudToDeviceStore;
import io.fleethub.core.c2d.CloudToDeviceStore;
import io.fleethub.testkit.store.CloudToDeviceStoreContract;

class InMemoryCloudToDeviceStoreTest implements CloudToDeviceStoreContract {

  @Override
  public CloudToDeviceStore newStore() {
    return new InMemoryCloudToDeviceStore();
  }
}
