package io.fleethub.core.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link PolicyStore} in a map, for tests of {@link AccessControl}. */
final class FakePolicyStore implements PolicyStore {
  private final Map<String, SharedAccessPolicy> policies = new LinkedHashMap<>();

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
