package io.fleethub.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.auth.AccessRight;
import io.fleethub.core.auth.PolicyStore;
import io.fleethub.core.auth.SharedAccessPolicy;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link PolicyStore} keeps, as JUnit 5 tests. A backend's test class implements this
 * interface and {@link #newStore()}, which every test calls once and which must return an empty store.
 */
public interface PolicyStoreContract {

  /** A new, empty store. Called once per test. */
  PolicyStore newStore();

  @Test
  default void emptyStoreHasNoPolicies() {
    PolicyStore store = newStore();

    assertThat(store.listPolicies()).isEmpty();
    assertThat(store.findPolicy("iothubowner")).isEmpty();
  }

  @Test
  default void storedPolicyIsFoundWithEveryField() {
    PolicyStore store = newStore();
    SharedAccessPolicy policy = policy("registryReadWrite", 1,
        EnumSet.of(AccessRight.REGISTRY_READ, AccessRight.REGISTRY_WRITE));

    store.putPolicy(policy);

    assertThat(store.findPolicy("registryReadWrite")).contains(policy);
    assertThat(store.listPolicies()).containsExactly(policy);
  }

  @Test
  default void everySetOfRightsRoundTripsIncludingNone() {
    PolicyStore store = newStore();
    List<SharedAccessPolicy> policies = List.of(
        policy("all", 1, EnumSet.allOf(AccessRight.class)),
        policy("none", 2, Set.of()),
        policy("connect", 3, EnumSet.of(AccessRight.SERVICE_CONNECT, AccessRight.DEVICE_CONNECT)));

    policies.forEach(store::putPolicy);

    assertThat(store.listPolicies()).containsExactlyElementsOf(policies);
  }

  @Test
  default void findMatchesTheKeyNameExactly() {
    PolicyStore store = newStore();
    store.putPolicy(policy("service", 1, EnumSet.of(AccessRight.SERVICE_CONNECT)));

    assertThat(store.findPolicy("Service")).isEmpty();
    assertThat(store.findPolicy("servic")).isEmpty();
    assertThat(store.findPolicy("service ")).isEmpty();
  }

  @Test
  default void listKeepsTheOrderPoliciesWereFirstStoredIn() {
    PolicyStore store = newStore();
    List<String> names = List.of("service", "iothubowner", "zeta", "device", "alpha");

    for (int i = 0; i < names.size(); i++) {
      store.putPolicy(policy(names.get(i), i, EnumSet.of(AccessRight.REGISTRY_READ)));
    }

    assertThat(store.listPolicies()).extracting(SharedAccessPolicy::keyName).containsExactlyElementsOf(names);
  }

  @Test
  default void puttingAnExistingNameReplacesThePolicyInItsPlace() {
    PolicyStore store = newStore();
    SharedAccessPolicy.STANDARD_NAMES.forEach(name ->
        store.putPolicy(policy(name, 1, SharedAccessPolicy.standardRights(name))));
    SharedAccessPolicy rotated = policy("service", 9, EnumSet.of(AccessRight.SERVICE_CONNECT,
        AccessRight.REGISTRY_READ));

    store.putPolicy(rotated);

    assertThat(store.findPolicy("service")).contains(rotated);
    List<SharedAccessPolicy> listed = store.listPolicies();
    assertThat(listed).extracting(SharedAccessPolicy::keyName)
        .containsExactlyElementsOf(SharedAccessPolicy.STANDARD_NAMES);
    assertThat(listed.get(1)).isEqualTo(rotated);
  }

  @Test
  default void policiesPutFromSeveralThreadsAreAllStored() {
    PolicyStore store = newStore();
    int contenders = 4;

    try (Race race = new Race(contenders)) {
      race.run(i -> {
        store.putPolicy(policy("writer-" + i, i, EnumSet.of(AccessRight.DEVICE_CONNECT)));
        store.putPolicy(policy("shared", i, EnumSet.of(AccessRight.DEVICE_CONNECT)));
        return null;
      });
    }

    assertThat(store.listPolicies()).extracting(SharedAccessPolicy::keyName)
        .hasSize(contenders + 1)
        .containsOnlyOnce("shared", "writer-0", "writer-1", "writer-2", "writer-3");
  }

  private static SharedAccessPolicy policy(String name, int keySeed, Set<AccessRight> rights) {
    return new SharedAccessPolicy(name, RegistryExamples.key(keySeed), RegistryExamples.key(keySeed + 100), rights);
  }
}
