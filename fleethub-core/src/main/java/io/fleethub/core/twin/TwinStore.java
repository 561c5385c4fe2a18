package io.fleethub.core.twin;

import io.fleethub.core.identity.IdentityRef;
import java.util.Optional;

/**
 * Persists twins, one per device or module. Dumb by design: it stores the whole twin it is given and compares
 * versions; IoT Hub's rules (merging, metadata, versions, limits) are the caller's ({@link TwinService}'s) business.
 *
 * <p>A backend that keeps twins beside the identity registry (the SQL stores) also ties each twin's life to its
 * identity: it refuses a twin for an identity it does not hold and deletes twins with their device or module, in
 * the same transaction. Callers must not depend on it; {@link TwinService} also recognises a twin left behind by
 * a deleted identity by its generation id.
 *
 * <p>Every method may be called from any thread and blocks until the change is durable.
 */
public interface TwinStore {

  /**
   * Stores the twin of an identity that has none; returns false, changing nothing, when it has one (or, in a
   * backend tied to the registry, when the identity does not exist).
   */
  boolean insert(Twin twin);

  Optional<Twin> find(IdentityRef identity);

  /**
   * Replaces the identity's twin if its stored version is {@code expectedVersion}; returns false, changing
   * nothing, when it is absent or at another version. The new twin's version is whatever it carries.
   */
  boolean replace(Twin twin, long expectedVersion);

  /**
   * Deletes the twin of exactly this identity (a device's twin, not its modules'); returns false when there was
   * none.
   */
  boolean delete(IdentityRef identity);
}
