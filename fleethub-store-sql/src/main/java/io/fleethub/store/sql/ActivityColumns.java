package io.fleethub.store.sql;

import io.fleethub.core.registry.Activity;
import io.fleethub.core.registry.ConnectionState;
import java.sql.SQLException;
import java.util.List;

/**
 * The run-time observation columns that the device and module tables share. Registry writes set them only on
 * insert; afterwards only the {@code record*} statements change them.
 */
final class ActivityColumns {
  static final List<String> NAMES =
      List.of("connection_state", "connection_state_updated_us", "last_activity_us", "c2d_message_count");

  /** Assignments for recording a connection state: the state, then the time. */
  static final String CONNECTION_STATE_ASSIGNMENTS = SqlText.assignments(NAMES.subList(0, 2));

  /** Assignment for recording the last activity time. */
  static final String LAST_ACTIVITY_ASSIGNMENT = SqlText.assignments(NAMES.subList(2, 3));

  /** Assignment for recording the cloud-to-device queue depth. */
  static final String C2D_MESSAGE_COUNT_ASSIGNMENT = SqlText.assignments(NAMES.subList(3, 4));

  /** A condition selecting connected rows, literal so that the partial index {@code device_connected} applies. */
  static final String IS_CONNECTED = "connection_state = '" + ConnectionState.CONNECTED.wireName() + "'";

  private ActivityColumns() {}

  /** Binds the values of {@link #NAMES}, in that order. */
  static void bind(Binder binder, Activity activity) throws SQLException {
    binder.text(activity.connectionState().wireName())
        .instant(activity.connectionStateUpdatedTime())
        .instant(activity.lastActivityTime())
        .number(activity.cloudToDeviceMessageCount());
  }

  static Activity read(Row row) throws SQLException {
    return new Activity(
        ConnectionState.fromWireName(row.text("connection_state")),
        row.instant("connection_state_updated_us"),
        row.instant("last_activity_us"),
        Math.toIntExact(row.number("c2d_message_count")));
  }
}
