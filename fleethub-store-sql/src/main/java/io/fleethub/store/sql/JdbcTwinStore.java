package io.fleethub.store.sql;

import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.twin.Twin;
import io.fleethub.core.twin.TwinStore;
import java.util.Optional;

/**
 * A {@link TwinStore} on the {@code device_twin} and {@code module_twin} tables, for every {@link SqlDialect}.
 *
 * <p>Each method is one statement in its own transaction: a version check is the {@code WHERE} clause of the
 * update that writes, an insert of an existing twin is an {@code ON CONFLICT DO NOTHING}, and an insert whose
 * device or module row is missing violates the foreign key and counts as not inserted. Twin rows are deleted
 * with their identity's row by {@code ON DELETE CASCADE}. Thread-safe.
 */
final class JdbcTwinStore implements TwinStore {
  private final Jdbc jdbc;

  JdbcTwinStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public boolean insert(Twin twin) {
    return jdbc.updateUnlessParentMissing(TwinTable.of(twin.identity()).insert,
        binder -> TwinTable.bindWritten(TwinTable.bindKey(binder, twin.identity()), twin)) == 1;
  }

  @Override
  public Optional<Twin> find(IdentityRef identity) {
    return jdbc.queryFirst(TwinTable.of(identity).find, binder -> TwinTable.bindKey(binder, identity),
        row -> TwinTable.read(identity, row));
  }

  @Override
  public boolean replace(Twin twin, long expectedVersion) {
    return jdbc.update(TwinTable.of(twin.identity()).replace, binder -> {
      TwinTable.bindWritten(binder, twin);
      TwinTable.bindKey(binder, twin.identity()).number(expectedVersion);
    }) == 1;
  }

  @Override
  public boolean delete(IdentityRef identity) {
    return jdbc.update(TwinTable.of(identity).delete, binder -> TwinTable.bindKey(binder, identity)) == 1;
  }
}
