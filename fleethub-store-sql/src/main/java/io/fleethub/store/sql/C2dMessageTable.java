package io.fleethub.store.sql;

import static io.fleethub.store.sql.SqlText.names;
import static io.fleethub.store.sql.SqlText.placeholders;

import io.fleethub.core.c2d.Acknowledgement;
import io.fleethub.core.c2d.CloudToDeviceMessage;
import io.fleethub.core.c2d.LockToken;
import io.fleethub.core.c2d.MessageLock;
import io.fleethub.core.c2d.SystemProperties;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The {@code c2d_message} table: its statements for one {@link SqlDialect}, and how a {@link CloudToDeviceMessage}
 * maps to a row and back. Statements that pick rows to change select them in a subquery that, on PostgreSQL,
 * locks them with {@code FOR UPDATE SKIP LOCKED}, so that racing transactions take different rows instead of
 * the same one; on SQLite each statement runs alone.
 */
final class C2dMessageTable {
  /** The columns an enqueue binds, in binding order; the lock columns start unlocked. */
  private static final List<String> INSERTED = List.of("device_id", "module_id", "device_generation_id", "body",
      "message_id", "correlation_id", "user_id", "content_type", "content_encoding", "app_properties", "ack",
      "enqueued_us", "expiry_us", "delivery_count");
  private static final String RETURNING = " RETURNING seq, " + names(INSERTED) + ", lock_token, locked_until_us";
  private static final String QUEUE = " device_id = ? AND module_id = ?";
  private static final String HELD = QUEUE + " AND lock_token = ? AND locked_until_us > ?";

  final String enqueue;
  final String lockNext;
  final String remove;
  final String abandonKeeping;
  final String abandonRemoving;
  final String removeExpired;
  final String purge;
  final String discardDevice = "DELETE FROM c2d_message WHERE device_id = ?";
  final String depth = "SELECT COUNT(*) AS depth FROM c2d_message WHERE" + QUEUE + " AND expiry_us > ?";

  C2dMessageTable(SqlDialect dialect) {
    String skipLocked = dialect == SqlDialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    enqueue = "INSERT INTO c2d_message (" + names(INSERTED) + ", lock_token, locked_until_us) SELECT "
        + placeholders(INSERTED) + ", NULL, 0 WHERE (SELECT COUNT(*) FROM c2d_message WHERE" + QUEUE
        + " AND expiry_us > ?) < ?";
    lockNext = "UPDATE c2d_message SET lock_token = ?, locked_until_us = ? WHERE seq = (SELECT seq FROM c2d_message"
        + " WHERE" + QUEUE + " AND expiry_us > ? AND locked_until_us <= ? ORDER BY seq LIMIT 1" + skipLocked + ")"
        + RETURNING;
    remove = "DELETE FROM c2d_message WHERE" + HELD + RETURNING;
    abandonKeeping = "UPDATE c2d_message SET lock_token = NULL, locked_until_us = 0,"
        + " delivery_count = delivery_count + 1 WHERE" + HELD + " AND delivery_count + 1 < ?" + RETURNING;
    abandonRemoving = "DELETE FROM c2d_message WHERE" + HELD + " AND delivery_count + 1 >= ?" + RETURNING;
    removeExpired = "DELETE FROM c2d_message WHERE seq IN (SELECT seq FROM c2d_message"
        + " WHERE expiry_us <= ? AND locked_until_us <= ? ORDER BY seq LIMIT ?" + skipLocked + ")" + RETURNING;
    purge = "DELETE FROM c2d_message WHERE" + QUEUE + RETURNING;
  }

  /** Binds the identity's queue: its device id, then its module id or '' for the device itself. */
  static Binder bindQueue(Binder binder, IdentityRef identity) throws SQLException {
    return binder.text(identity.deviceId().value()).text(identity.moduleId().map(ModuleId::value).orElse(""));
  }

  /** Binds the queue of the identity and a lock token that must hold at the instant bound next. */
  static Binder bindHeld(Binder binder, IdentityRef identity, LockToken token) throws SQLException {
    return bindQueue(binder, identity).text(token.value());
  }

  /** Binds the inserted columns of {@link #enqueue}. */
  static Binder bindMessage(Binder binder, CloudToDeviceMessage message) throws SQLException {
    SystemProperties properties = message.properties();
    return bindQueue(binder, message.target())
        .text(message.deviceGenerationId())
        .bytes(message.body())
        .optionalText(properties.messageId())
        .optionalText(properties.correlationId())
        .optionalText(properties.userId())
        .optionalText(properties.contentType())
        .optionalText(properties.contentEncoding())
        .text(PropertiesJson.write(message.applicationProperties()))
        .text(message.ack().wireName())
        .instant(message.enqueuedTime())
        .instant(message.expiryTime())
        .number(message.deliveryCount());
  }

  /** A returned row: its sequence number, for ordering, and the message. */
  record Returned(long seq, CloudToDeviceMessage message) {}

  static Returned read(Row row) throws SQLException {
    DeviceId deviceId = DeviceId.of(row.text("device_id"));
    String moduleId = row.text("module_id");
    IdentityRef target = moduleId.isEmpty()
        ? IdentityRef.device(deviceId)
        : IdentityRef.module(deviceId, ModuleId.of(moduleId));
    Optional<String> lockToken = row.optionalText("lock_token");
    Optional<MessageLock> lock = lockToken.isPresent()
        ? Optional.of(new MessageLock(new LockToken(lockToken.get()), row.instant("locked_until_us")))
        : Optional.empty();
    CloudToDeviceMessage message = new CloudToDeviceMessage(
        target,
        row.text("device_generation_id"),
        row.bytes("body"),
        new SystemProperties(row.optionalText("message_id"), row.optionalText("correlation_id"),
            row.optionalText("user_id"), row.optionalText("content_type"), row.optionalText("content_encoding")),
        PropertiesJson.read(row.text("app_properties")),
        Acknowledgement.fromWireName(row.text("ack")),
        row.instant("enqueued_us"),
        row.instant("expiry_us"),
        Math.toIntExact(row.number("delivery_count")),
        lock);
    return new Returned(row.number("seq"), message);
  }
}
