package io.fleethub.core.memory;

import io.fleethub.core.auth.PolicyStore;
import io.fleethub.core.auth.SharedAccessPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/** A {@link PolicyStore} in memory, for tests of the layers above the stores. */
public final class InMemoryPolicyStore implements PolicyStore {
  private final LinkedHashMap<String, SharedAccessPolicy> policies = new LinkedHashMap<>();

  @Override
  public synchronized List<SharedAccessPolicy> listPolicies() {
    return List.copyOf(policies.values());
  }

  @Override
  public synchronized Optional<SharedAccessPolicy> findPolicy(String keyName) {
    return Optional.ofNullable(policies.get(keyName));
  }

  @Override
  public synchronized void putPolicy(SharedAccessPolicy policy) {
    policies.put(policy.keyName(), policy);
  }
}
