package io.fleethub.store.sql;

import io.fleethub.core.auth.AccessRight;
import io.fleethub.core.auth.PolicyStore;
import io.fleethub.core.auth.SharedAccessPolicy;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A {@link PolicyStore} on the {@code shared_access_policy} table, for every {@link SqlDialect}. The listing
 * order is the {@code ordinal} column, assigned when a key name is first stored and kept by the upsert that
 * replaces it. Thread-safe; each method is one statement.
 */
final class JdbcPolicyStore implements PolicyStore {
  private static final String COLUMNS = "key_name, primary_key, secondary_key, rights";
  private static final String LIST = "SELECT " + COLUMNS + " FROM shared_access_policy ORDER BY ordinal";
  private static final String FIND = "SELECT " + COLUMNS + " FROM shared_access_policy WHERE key_name = ?";
  private static final String PUT = "INSERT INTO shared_access_policy (" + COLUMNS + ") VALUES (?, ?, ?, ?)"
      + " ON CONFLICT (key_name) DO UPDATE SET primary_key = excluded.primary_key,"
      + " secondary_key = excluded.secondary_key, rights = excluded.rights";
  private static final String RIGHTS_SEPARATOR = ",";

  private final Jdbc jdbc;

  JdbcPolicyStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<SharedAccessPolicy> listPolicies() {
    return jdbc.query(LIST, Jdbc.Parameters.NONE, JdbcPolicyStore::read);
  }

  @Override
  public Optional<SharedAccessPolicy> findPolicy(String keyName) {
    return jdbc.queryFirst(FIND, binder -> binder.text(keyName), JdbcPolicyStore::read);
  }

  @Override
  public void putPolicy(SharedAccessPolicy policy) {
    jdbc.update(PUT, binder -> binder.text(policy.keyName())
        .text(policy.primaryKey())
        .text(policy.secondaryKey())
        .text(writeRights(policy.rights())));
  }

  private static SharedAccessPolicy read(Row row) throws SQLException {
    return new SharedAccessPolicy(row.text("key_name"), row.text("primary_key"), row.text("secondary_key"),
        readRights(row.text("rights")));
  }

  /** Wire names in declaration order, e.g. {@code RegistryRead,RegistryWrite}; empty for no rights. */
  private static String writeRights(Set<AccessRight> rights) {
    return rights.stream().sorted().map(AccessRight::wireName).collect(Collectors.joining(RIGHTS_SEPARATOR));
  }

  private static Set<AccessRight> readRights(String rights) {
    if (rights.isEmpty()) {
      return Set.of();
    }
    return Arrays.stream(rights.split(RIGHTS_SEPARATOR))
        .map(AccessRight::fromWireName)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(AccessRight.class)));
  }
}
