package io.fleethub.testkit.store;

import io.fleethub.core.registry.RegistryStore;

/**
 * The contract every {@link RegistryStore} keeps, as JUnit 5 tests. A backend's test class implements this
 * interface and {@link #newStore()}; the tests come from the parts it extends:
 *
 * <pre>{@code
 * class SqliteRegistryStoreTest implements RegistryStoreContract {
 *   @Override public RegistryStore newStore() { ... }
 * }
 * }</pre>
 *
 * <p>Every test calls {@link #newStore()} once, on the test's thread, and expects an empty store. Closing what
 * it opened is the implementing class's business (an {@code @AfterEach} method). The tests compare records with
 * {@code equals}, so every field must round-trip exactly, instants to the microsecond.
 */
public interface RegistryStoreContract
    extends DeviceRecordsContract, ModuleRecordsContract, ActivityRecordsContract, RegistryConcurrencyContract {

  @Override
  RegistryStore newStore();
}
