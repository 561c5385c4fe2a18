package io.fleethub.store.sql;

import static io.fleethub.store.sql.SqlText.assignments;
import static io.fleethub.store.sql.SqlText.concat;
import static io.fleethub.store.sql.SqlText.names;
import static io.fleethub.store.sql.SqlText.placeholders;

import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.registry.Activity;
import io.fleethub.core.registry.Module;
import java.sql.SQLException;
import java.util.List;

/**
 * The {@code module} table: its statements, and how a {@link Module} maps to a row and back. A module row
 * references its device row and is deleted with it.
 */
final class ModuleTable {
  /** The columns a registry write sets, in binding order; the ids and the activity are not among them. */
  private static final List<String> WRITTEN = concat(
      List.of("generation_id", "version", "managed_by"),
      AuthenticationColumns.NAMES,
      List.of("model_id"));

  private static final List<String> INSERTED = concat(List.of("device_id", "id"), WRITTEN, ActivityColumns.NAMES);
  private static final String SELECT = "SELECT " + names(INSERTED) + " FROM module";
  private static final String KEY = " WHERE device_id = ? AND id = ?";

  static final String INSERT = "INSERT INTO module (" + names(INSERTED) + ") VALUES (" + placeholders(INSERTED)
      + ") ON CONFLICT (device_id, id) DO NOTHING";
  static final String FIND = SELECT + KEY;
  static final String REPLACE = "UPDATE module SET " + assignments(WRITTEN) + KEY + " AND version = ?";
  static final String DELETE = "DELETE FROM module" + KEY;
  static final String DELETE_AT_VERSION = DELETE + " AND version = ?";
  static final String LIST = SELECT + " WHERE device_id = ? ORDER BY id";
  static final String RECORD_CONNECTION_STATE =
      "UPDATE module SET " + ActivityColumns.CONNECTION_STATE_ASSIGNMENTS + KEY;
  static final String RECORD_ACTIVITY = "UPDATE module SET " + ActivityColumns.LAST_ACTIVITY_ASSIGNMENT + KEY;
  static final String RECORD_C2D_MESSAGE_COUNT =
      "UPDATE module SET " + ActivityColumns.C2D_MESSAGE_COUNT_ASSIGNMENT + KEY;
  static final String RECORD_MODEL_ID = "UPDATE module SET model_id = ?" + KEY;

  private ModuleTable() {}

  /** Binds {@link #INSERT}: the module, starting from {@link Activity#NONE} whatever activity it carries. */
  static void bindInsert(Binder binder, Module module) throws SQLException {
    bindKey(binder, module.deviceId(), module.id());
    bindWritten(binder, module);
    ActivityColumns.bind(binder, Activity.NONE);
  }

  /** Binds {@link #REPLACE}, which leaves the stored activity as it is. */
  static void bindReplace(Binder binder, Module module, long expectedVersion) throws SQLException {
    bindWritten(binder, module);
    bindKey(binder, module.deviceId(), module.id());
    binder.number(expectedVersion);
  }

  /** Binds the device id and module id that every keyed statement here ends its key condition with. */
  static void bindKey(Binder binder, DeviceId deviceId, ModuleId moduleId) throws SQLException {
    binder.text(deviceId.value()).text(moduleId.value());
  }

  static Module read(Row row) throws SQLException {
    return new Module(
        DeviceId.of(row.text("device_id")),
        ModuleId.of(row.text("id")),
        row.text("generation_id"),
        row.number("version"),
        row.optionalText("managed_by"),
        AuthenticationColumns.read(row),
        row.optionalText("model_id"),
        ActivityColumns.read(row));
  }

  private static void bindWritten(Binder binder, Module module) throws SQLException {
    binder.text(module.generationId())
        .number(module.version())
        .optionalText(module.managedBy());
    AuthenticationColumns.bind(binder, module.authentication());
    binder.optionalText(module.modelId());
  }
}
