package io.fleethub.testkit.memory;

import io.fleethub.core.files.FileNotificationStore;
import io.fleethub.core.memory.InMemoryFileNotificationStore;
import io.fleethub.testkit.store.FileNotificationStoreContract;

class InMemoryFileNotificationStoreTest implements FileNotificationStoreContract {

  @Override
  public FileNotificationStore newStore() {
    return new InMemoryFileNotificationStore();
  }
}
