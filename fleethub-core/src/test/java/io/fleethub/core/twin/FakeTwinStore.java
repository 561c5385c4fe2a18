package io.fleethub.core.twin;

import io.fleethub.core.identity.IdentityRef;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link TwinStore} in a map, for tests of the twin service. A test may make the next replaces lose a race, as
 * if another writer had stored a change just before them; the interfering writer's own replaces are not
 * interfered with. For single-threaded tests.
 */
final class FakeTwinStore implements TwinStore {
  private final Map<IdentityRef, Twin> twins = new HashMap<>();
  private Runnable beforeNextReplaces = () -> {};
  private int replacesToInterfere;
  private int replaces;
  private boolean interfering;

  /** Runs {@code interference} (outside the lock) just before each of the next {@code count} replaces. */
  synchronized void interfereWithNextReplaces(int count, Runnable interference) {
    replacesToInterfere = count;
    beforeNextReplaces = interference;
  }

  /** How many replaces were asked for, successful or not. */
  synchronized int replaces() {
    return replaces;
  }

  @Override
  public synchronized boolean insert(Twin twin) {
    return twins.putIfAbsent(twin.identity(), twin) == null;
  }

  @Override
  public synchronized Optional<Twin> find(IdentityRef identity) {
    return Optional.ofNullable(twins.get(identity));
  }

  @Override
  public boolean replace(Twin twin, long expectedVersion) {
    Runnable interference = nextInterference();
    interfering = true;
    try {
      interference.run();
    } finally {
      interfering = false;
    }
    synchronized (this) {
      replaces++;
      Twin stored = twins.get(twin.identity());
      if (stored == null || stored.version() != expectedVersion) {
        return false;
      }
      twins.put(twin.identity(), twin);
      return true;
    }
  }

  @Override
  public synchronized boolean delete(IdentityRef identity) {
    return twins.remove(identity) != null;
  }

  private synchronized Runnable nextInterference() {
    if (replacesToInterfere == 0 || interfering) {
      return () -> {};
    }
    replacesToInterfere--;
    return beforeNextReplaces;
  }
}
