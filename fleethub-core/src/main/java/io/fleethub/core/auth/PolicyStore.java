package io.fleethub.core.auth;

import java.util.List;
import java.util.Optional;

/** Persists the hub's shared access policies. Thread-safe; writes are durable when a method returns. */
public interface PolicyStore {

  /** All policies in the order they were first stored. */
  List<SharedAccessPolicy> listPolicies();

  /** Looks a policy up by its key name, matched exactly. */
  Optional<SharedAccessPolicy> findPolicy(String keyName);

  /** Stores the policy, replacing one with the same key name (keeping its place in the order). */
  void putPolicy(SharedAccessPolicy policy);
}
