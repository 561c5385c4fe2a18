package io.fleethub.store.sql;

import static io.fleethub.store.sql.SqlText.names;
import static io.fleethub.store.sql.SqlText.placeholders;

import io.fleethub.core.c2d.FeedbackRecord;
import io.fleethub.core.c2d.FeedbackStatus;
import io.fleethub.core.identity.DeviceId;
import java.sql.SQLException;
import java.util.List;

/**
 * The {@code c2d_feedback} table: its statements for one {@link SqlDialect}, and how a {@link FeedbackRecord} maps
 * to a row and back. Like {@link C2dMessageTable}, batches are picked with {@code FOR UPDATE SKIP LOCKED} on
 * PostgreSQL.
 */
final class C2dFeedbackTable {
  /** The columns of a record, in binding order. */
  private static final List<String> RECORD = List.of("original_message_id", "enqueued_us", "status", "description",
      "device_id", "device_generation_id");
  private static final String HELD = " lock_token = ? AND locked_until_us > ?";

  final String append = "INSERT INTO c2d_feedback (" + names(RECORD) + ", expiry_us, delivery_count, lock_token,"
      + " locked_until_us) VALUES (" + placeholders(RECORD) + ", ?, 0, NULL, 0)";
  final String backlog = "SELECT COUNT(*) AS pending, MIN(enqueued_us) AS oldest_us FROM c2d_feedback"
      + " WHERE expiry_us > ? AND locked_until_us <= ?";
  final String lock;
  final String complete = "DELETE FROM c2d_feedback WHERE" + HELD;
  final String abandonRemoving = "DELETE FROM c2d_feedback WHERE" + HELD + " AND delivery_count + 1 >= ?";
  final String abandonKeeping = "UPDATE c2d_feedback SET lock_token = NULL, locked_until_us = 0,"
      + " delivery_count = delivery_count + 1 WHERE" + HELD;
  final String removeExpired = "DELETE FROM c2d_feedback WHERE expiry_us <= ? AND locked_until_us <= ?";

  C2dFeedbackTable(SqlDialect dialect) {
    String skipLocked = dialect == SqlDialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    lock = "UPDATE c2d_feedback SET lock_token = ?, locked_until_us = ? WHERE seq IN (SELECT seq FROM c2d_feedback"
        + " WHERE expiry_us > ? AND locked_until_us <= ? ORDER BY seq LIMIT ?" + skipLocked + ")"
        + " RETURNING seq, " + names(RECORD);
  }

  /** Binds the record's columns of {@link #append}. */
  static Binder bindRecord(Binder binder, FeedbackRecord record) throws SQLException {
    return binder.optionalText(record.originalMessageId())
        .instant(record.enqueuedTime())
        .text(record.status().wireName())
        .text(record.description())
        .text(record.deviceId().value())
        .text(record.deviceGenerationId());
  }

  /** A returned row: its sequence number, for ordering, and the record. */
  record Returned(long seq, FeedbackRecord record) {}

  static Returned read(Row row) throws SQLException {
    FeedbackRecord record = new FeedbackRecord(
        row.optionalText("original_message_id"),
        row.instant("enqueued_us"),
        FeedbackStatus.fromWireName(row.text("status")),
        row.text("description"),
        DeviceId.of(row.text("device_id")),
        row.text("device_generation_id"));
    return new Returned(row.number("seq"), record);
  }
}
