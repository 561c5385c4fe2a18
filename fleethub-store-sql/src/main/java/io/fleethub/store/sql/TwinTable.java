package io.fleethub.store.sql;

import static io.fleethub.store.sql.SqlText.names;
import static io.fleethub.store.sql.SqlText.placeholders;

import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.twin.Twin;
import io.fleethub.core.twin.TwinDocument;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A twin table, {@code device_twin} or {@code module_twin}: its statements, and how a {@link Twin} maps to a row
 * and back. The two tables differ only in their key columns.
 */
final class TwinTable {
  private static final List<String> WRITTEN = List.of("generation_id", "version", "document");

  static final TwinTable DEVICE = new TwinTable("device_twin", List.of("device_id"));
  static final TwinTable MODULE = new TwinTable("module_twin", List.of("device_id", "module_id"));

  final String insert;
  final String find;
  final String replace;
  final String delete;

  private TwinTable(String table, List<String> key) {
    List<String> all = Stream.concat(key.stream(), WRITTEN.stream()).toList();
    String keyCondition = key.stream().map(column -> column + " = ?").collect(Collectors.joining(" AND "));
    insert = "INSERT INTO " + table + " (" + names(all) + ") VALUES (" + placeholders(all) + ") ON CONFLICT ("
        + names(key) + ") DO NOTHING";
    find = "SELECT " + names(WRITTEN) + " FROM " + table + " WHERE " + keyCondition;
    replace = "UPDATE " + table + " SET " + SqlText.assignments(WRITTEN) + " WHERE " + keyCondition
        + " AND version = ?";
    delete = "DELETE FROM " + table + " WHERE " + keyCondition;
  }

  /** The table that holds the identity's twin. */
  static TwinTable of(IdentityRef identity) {
    return identity.isModule() ? MODULE : DEVICE;
  }

  /** Binds the identity's key columns, in the order every statement here names them. */
  static Binder bindKey(Binder binder, IdentityRef identity) throws SQLException {
    binder.text(identity.deviceId().value());
    if (identity.moduleId().isPresent()) {
      binder.text(identity.moduleId().get().value());
    }
    return binder;
  }

  static Binder bindWritten(Binder binder, Twin twin) throws SQLException {
    return binder.text(twin.generationId()).number(twin.version()).text(TwinDocument.write(twin));
  }

  /** Reads a row selected by {@link #find}; {@link IllegalArgumentException} when its document is not a twin's. */
  static Twin read(IdentityRef identity, Row row) throws SQLException {
    return TwinDocument.read(identity, row.text("generation_id"), row.number("version"), row.text("document"));
  }
}
