package io.fleethub.core.memory;

import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.twin.Twin;
import io.fleethub.core.twin.TwinStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link TwinStore} in memory, for tests of the layers above the stores. It does not see the registry: it keeps
 * twins of any identity and does not delete them with their identity (the twin service recognises a twin left
 * behind by its generation id). Thread-safe by one lock.
 */
public final class InMemoryTwinStore implements TwinStore {
  private final Map<IdentityRef, Twin> twins = new HashMap<>();

  @Override
  public synchronized boolean insert(Twin twin) {
    return twins.putIfAbsent(twin.identity(), twin) == null;
  }

  @Override
  public synchronized Optional<Twin> find(IdentityRef identity) {
    return Optional.ofNullable(twins.get(identity));
  }

  @Override
  public synchronized boolean replace(Twin twin, long expectedVersion) {
    Twin stored = twins.get(twin.identity());
    if (stored == null || stored.version() != expectedVersion) {
      return false;
    }
    twins.put(twin.identity(), twin);
    return true;
  }

  @Override
  public synchronized boolean delete(IdentityRef identity) {
    return twins.remove(identity) != null;
  }
}
