package io.fleethub.store.sql;

import static io.fleethub.store.sql.SqlText.assignments;
import static io.fleethub.store.sql.SqlText.concat;
import static io.fleethub.store.sql.SqlText.names;
import static io.fleethub.store.sql.SqlText.placeholders;

import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.registry.Activity;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.DeviceStatus;
import java.sql.SQLException;
import java.util.List;

/** The {@code device} table: its statements, and how a {@link Device} maps to a row and back. */
final class DeviceTable {
  /** The columns a registry write sets, in binding order; the id and the activity are not among them. */
  private static final List<String> WRITTEN = concat(
      List.of("generation_id", "version", "status", "status_reason", "status_updated_us"),
      AuthenticationColumns.NAMES,
      List.of("iot_edge", "device_scope", "parent_scopes", "model_id"));

  private static final List<String> INSERTED = concat(List.of("id"), WRITTEN, ActivityColumns.NAMES);
  private static final String SELECT = "SELECT " + names(INSERTED) + " FROM device";

  static final String INSERT = "INSERT INTO device (" + names(INSERTED) + ") VALUES (" + placeholders(INSERTED)
      + ") ON CONFLICT (id) DO NOTHING";
  static final String FIND = SELECT + " WHERE id = ?";
  static final String REPLACE = "UPDATE device SET " + assignments(WRITTEN) + " WHERE id = ? AND version = ?";
  static final String DELETE = "DELETE FROM device WHERE id = ?";
  static final String DELETE_AT_VERSION = DELETE + " AND version = ?";
  static final String LIST_FIRST = SELECT + " ORDER BY id LIMIT ?";
  static final String LIST_AFTER = SELECT + " WHERE id > ? ORDER BY id LIMIT ?";
  static final String STATISTICS = "SELECT COUNT(*) AS total, COUNT(CASE WHEN status = '"
      + DeviceStatus.ENABLED.wireName() + "' THEN 1 END) AS enabled FROM device";
  static final String CONNECTED_COUNT = "SELECT COUNT(*) AS connected FROM device WHERE "
      + ActivityColumns.IS_CONNECTED;
  static final String RECORD_CONNECTION_STATE =
      "UPDATE device SET " + ActivityColumns.CONNECTION_STATE_ASSIGNMENTS + " WHERE id = ?";
  static final String RECORD_ACTIVITY = "UPDATE device SET " + ActivityColumns.LAST_ACTIVITY_ASSIGNMENT
      + " WHERE id = ?";
  static final String RECORD_C2D_MESSAGE_COUNT = "UPDATE device SET " + ActivityColumns.C2D_MESSAGE_COUNT_ASSIGNMENT
      + " WHERE id = ?";
  static final String RECORD_MODEL_ID = "UPDATE device SET model_id = ? WHERE id = ?";

  private DeviceTable() {}

  /** Binds {@link #INSERT}: the device, starting from {@link Activity#NONE} whatever activity it carries. */
  static void bindInsert(Binder binder, Device device) throws SQLException {
    binder.text(device.id().value());
    bindWritten(binder, device);
    ActivityColumns.bind(binder, Activity.NONE);
  }

  /** Binds {@link #REPLACE}, which leaves the stored activity as it is. */
  static void bindReplace(Binder binder, Device device, long expectedVersion) throws SQLException {
    bindWritten(binder, device);
    binder.text(device.id().value()).number(expectedVersion);
  }

  static Device read(Row row) throws SQLException {
    return new Device(
        DeviceId.of(row.text("id")),
        row.text("generation_id"),
        row.number("version"),
        DeviceStatus.fromWireName(row.text("status")),
        row.optionalText("status_reason"),
        row.instant("status_updated_us"),
        AuthenticationColumns.read(row),
        row.flag("iot_edge"),
        row.optionalText("device_scope"),
        ScopesJson.read(row.text("parent_scopes")),
        row.optionalText("model_id"),
        ActivityColumns.read(row));
  }

  private static void bindWritten(Binder binder, Device device) throws SQLException {
    binder.text(device.generationId())
        .number(device.version())
        .text(device.status().wireName())
        .optionalText(device.statusReason())
        .instant(device.statusUpdatedTime());
    AuthenticationColumns.bind(binder, device.authentication());
    binder.flag(device.iotEdge())
        .optionalText(device.deviceScope())
        .text(ScopesJson.write(device.parentScopes()))
        .optionalText(device.modelId());
  }
}
