package io.fleethub.store.sql;

import io.fleethub.core.c2d.LockToken;
import io.fleethub.core.c2d.MessageLock;
import io.fleethub.core.files.FileNotification;
import io.fleethub.core.files.FileNotificationStore;
import io.fleethub.core.identity.DeviceId;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * A {@link FileNotificationStore} on the {@code file_notification} table, for every {@link SqlDialect}. The next
 * notification is locked in one {@code UPDATE ... RETURNING}; on PostgreSQL its row is picked with
 * {@code FOR UPDATE SKIP LOCKED}, so racing nodes lock different rows. Thread-safe.
 */
final class JdbcFileNotificationStore implements FileNotificationStore {
  private static final String COLUMNS =
      "device_id, blob_name, blob_uri, last_updated_us, blob_size, enqueued_us";
  private static final String HELD = " lock_token = ? AND locked_until_us > ?";
  private static final String APPEND = "INSERT INTO file_notification (" + COLUMNS + ", expiry_us, delivery_count,"
      + " lock_token, locked_until_us) VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL, 0)";
  private static final String COMPLETE = "DELETE FROM file_notification WHERE" + HELD;
  private static final String ABANDON_REMOVING =
      "DELETE FROM file_notification WHERE" + HELD + " AND delivery_count + 1 >= ?";
  private static final String ABANDON_KEEPING = "UPDATE file_notification SET lock_token = NULL, locked_until_us = 0,"
      + " delivery_count = delivery_count + 1 WHERE" + HELD;
  private static final String REMOVE_EXPIRED =
      "DELETE FROM file_notification WHERE expiry_us <= ? AND locked_until_us <= ?";

  private final Jdbc jdbc;
  private final String lockNext;

  JdbcFileNotificationStore(Jdbc jdbc, SqlDialect dialect) {
    this.jdbc = jdbc;
    String skipLocked = dialect == SqlDialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    this.lockNext = "UPDATE file_notification SET lock_token = ?, locked_until_us = ? WHERE seq = (SELECT seq FROM"
        + " file_notification WHERE expiry_us > ? AND locked_until_us <= ? ORDER BY seq LIMIT 1" + skipLocked + ")"
        + " RETURNING " + COLUMNS;
  }

  @Override
  public void append(FileNotification notification, Instant expiry) {
    jdbc.update(APPEND, binder -> binder.text(notification.deviceId().value())
        .text(notification.blobName())
        .text(notification.blobUri())
        .instant(notification.lastUpdatedTime())
        .number(notification.blobSizeInBytes())
        .instant(notification.enqueuedTime())
        .instant(expiry));
  }

  @Override
  public Optional<FileNotification> lockNext(MessageLock lock, Instant now) {
    return jdbc.queryFirst(lockNext, binder -> binder.text(lock.token().value()).instant(lock.lockedUntil())
        .instant(now).instant(now), JdbcFileNotificationStore::read);
  }

  @Override
  public boolean complete(LockToken token, Instant now) {
    return jdbc.update(COMPLETE, binder -> binder.text(token.value()).instant(now)) > 0;
  }

  @Override
  public boolean abandon(LockToken token, Instant now, int deadLetterAt) {
    return jdbc.inTransaction(transaction -> {
      int removed = transaction.update(ABANDON_REMOVING,
          binder -> binder.text(token.value()).instant(now).number(deadLetterAt));
      int kept = transaction.update(ABANDON_KEEPING, binder -> binder.text(token.value()).instant(now));
      return removed + kept > 0;
    });
  }

  @Override
  public int removeExpired(Instant now) {
    return jdbc.update(REMOVE_EXPIRED, binder -> binder.instant(now).instant(now));
  }

  private static FileNotification read(Row row) throws SQLException {
    return new FileNotification(DeviceId.of(row.text("device_id")), row.text("blob_name"), row.text("blob_uri"),
        row.instant("last_updated_us"), row.number("blob_size"), row.instant("enqueued_us"));
  }
}
