package io.fleethub.testkit.store;

import io.fleethub.core.c2d.CloudToDeviceStore;

/**
 * The contract every {@link CloudToDeviceStore} keeps, as JUnit 5 tests. A backend's test class implements this
 * interface and {@link #newStore()}; the tests come from the parts it extends:
 *
 * <pre>{@code
 * class SqliteCloudToDeviceStoreTest implements CloudToDeviceStoreContract {
 *   @Override public CloudToDeviceStore newStore() { ... }
 * }
 * }</pre>
 *
 * <p>Every test calls {@link #newStore()} once, on the test's thread, and expects an empty store. The tests
 * compare messages and records with {@code equals}, so every field must round-trip exactly, instants to the
 * microsecond.
 */
public interface CloudToDeviceStoreContract
    extends CloudToDeviceQueueContract, FeedbackRecordsContract, CloudToDeviceConcurrencyContract {

  @Override
  CloudToDeviceStore newStore();
}
