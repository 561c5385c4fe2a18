package io.fleethub.store.sql;

import io.fleethub.core.c2d.CloudToDeviceMessage;
import io.fleethub.core.c2d.CloudToDeviceStore;
import io.fleethub.core.c2d.FeedbackBacklog;
import io.fleethub.core.c2d.FeedbackRecord;
import io.fleethub.core.c2d.LockToken;
import io.fleethub.core.c2d.MessageLock;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link CloudToDeviceStore} on the {@code c2d_message} and {@code c2d_feedback} tables, for every
 * {@link SqlDialect}.
 *
 * <p>Most methods are one statement in its own transaction whose {@code WHERE} clause is the whole condition
 * (a lock that holds, an unexpired message), with {@code RETURNING} giving back what it changed. Picking the next
 * message or feedback batch is one {@code UPDATE} whose subquery takes the rows with {@code FOR UPDATE SKIP LOCKED}
 * on PostgreSQL, so racing lockers take different rows; SQLite runs one writer at a time anyway. An enqueue checks
 * the queue's depth in the statement that inserts; on PostgreSQL it first takes a transaction-scoped advisory lock
 * on the queue, so that racing enqueues count each other. Thread-safe.
 */
final class JdbcCloudToDeviceStore implements CloudToDeviceStore {
  private final Jdbc jdbc;
  private final SqlDialect dialect;
  private final C2dMessageTable messages;
  private final C2dFeedbackTable feedback;

  JdbcCloudToDeviceStore(Jdbc jdbc, SqlDialect dialect) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.messages = new C2dMessageTable(dialect);
    this.feedback = new C2dFeedbackTable(dialect);
  }

  @Override
  public boolean enqueue(CloudToDeviceMessage message, int depthLimit, Instant now) {
    Jdbc.Parameters insert = binder -> C2dMessageTable.bindQueue(
        C2dMessageTable.bindMessage(binder, message), message.target()).instant(now).number(depthLimit);
    if (dialect != SqlDialect.POSTGRESQL) {
      return jdbc.update(messages.enqueue, insert) == 1;
    }
    return jdbc.inTransaction(transaction -> {
      transaction.query("SELECT pg_advisory_xact_lock(?)", binder -> binder.number(queueLockKey(message.target())),
          row -> true);
      return transaction.update(messages.enqueue, insert) == 1;
    });
  }

  @Override
  public Optional<CloudToDeviceMessage> lockNext(IdentityRef identity, MessageLock lock, Instant now) {
    return first(jdbc.query(messages.lockNext, binder -> C2dMessageTable.bindQueue(
        binder.text(lock.token().value()).instant(lock.lockedUntil()), identity).instant(now).instant(now),
        C2dMessageTable::read));
  }

  @Override
  public Optional<CloudToDeviceMessage> complete(IdentityRef identity, LockToken token, Instant now) {
    return removeHeld(identity, token, now);
  }

  @Override
  public Optional<CloudToDeviceMessage> abandon(
      IdentityRef identity, LockToken token, Instant now, int deadLetterAt) {
    Jdbc.Parameters held = binder -> C2dMessageTable.bindHeld(binder, identity, token).instant(now)
        .number(deadLetterAt);
    Optional<CloudToDeviceMessage> kept = first(jdbc.query(messages.abandonKeeping, held, C2dMessageTable::read));
    if (kept.isPresent()) {
      return kept;
    }
    return first(jdbc.query(messages.abandonRemoving, held, C2dMessageTable::read))
        .map(CloudToDeviceMessage::abandoned);
  }

  @Override
  public Optional<CloudToDeviceMessage> reject(IdentityRef identity, LockToken token, Instant now) {
    return removeHeld(identity, token, now);
  }

  @Override
  public List<CloudToDeviceMessage> removeExpired(Instant now, int limit) {
    return inOrder(jdbc.query(messages.removeExpired, binder -> binder.instant(now).instant(now).number(limit),
        C2dMessageTable::read));
  }

  @Override
  public List<CloudToDeviceMessage> purge(IdentityRef identity) {
    return inOrder(jdbc.query(messages.purge, binder -> C2dMessageTable.bindQueue(binder, identity),
        C2dMessageTable::read));
  }

  @Override
  public int discardDevice(DeviceId deviceId) {
    return jdbc.update(messages.discardDevice, binder -> binder.text(deviceId.value()));
  }

  @Override
  public int depth(IdentityRef identity, Instant now) {
    return jdbc.queryFirst(messages.depth, binder -> C2dMessageTable.bindQueue(binder, identity).instant(now),
        row -> Math.toIntExact(row.number("depth"))).orElseThrow();
  }

  @Override
  public void appendFeedback(FeedbackRecord record, Instant expiry) {
    jdbc.update(feedback.append, binder -> C2dFeedbackTable.bindRecord(binder, record).instant(expiry));
  }

  @Override
  public FeedbackBacklog feedbackBacklog(Instant now) {
    return jdbc.queryFirst(feedback.backlog, binder -> binder.instant(now).instant(now), row -> {
      int pending = Math.toIntExact(row.number("pending"));
      return pending == 0 ? FeedbackBacklog.EMPTY : new FeedbackBacklog(pending, Optional.of(row.instant("oldest_us")));
    }).orElseThrow();
  }

  @Override
  public List<FeedbackRecord> lockFeedback(MessageLock lock, int limit, Instant now) {
    return jdbc.query(feedback.lock, binder -> binder.text(lock.token().value()).instant(lock.lockedUntil())
            .instant(now).instant(now).number(limit), C2dFeedbackTable::read)
        .stream()
        .sorted(Comparator.comparingLong(C2dFeedbackTable.Returned::seq))
        .map(C2dFeedbackTable.Returned::record)
        .toList();
  }

  @Override
  public boolean completeFeedback(LockToken token, Instant now) {
    return jdbc.update(feedback.complete, binder -> binder.text(token.value()).instant(now)) > 0;
  }

  @Override
  public boolean abandonFeedback(LockToken token, Instant now, int deadLetterAt) {
    return jdbc.inTransaction(transaction -> {
      int removed = transaction.update(feedback.abandonRemoving,
          binder -> binder.text(token.value()).instant(now).number(deadLetterAt));
      int kept = transaction.update(feedback.abandonKeeping, binder -> binder.text(token.value()).instant(now));
      return removed + kept > 0;
    });
  }

  @Override
  public int removeExpiredFeedback(Instant now) {
    return jdbc.update(feedback.removeExpired, binder -> binder.instant(now).instant(now));
  }

  private Optional<CloudToDeviceMessage> removeHeld(IdentityRef identity, LockToken token, Instant now) {
    return first(jdbc.query(messages.remove, binder -> C2dMessageTable.bindHeld(binder, identity, token).instant(now),
        C2dMessageTable::read));
  }

  private static Optional<CloudToDeviceMessage> first(List<C2dMessageTable.Returned> rows) {
    return rows.stream().findFirst().map(C2dMessageTable.Returned::message);
  }

  private static List<CloudToDeviceMessage> inOrder(List<C2dMessageTable.Returned> rows) {
    return rows.stream()
        .sorted(Comparator.comparingLong(C2dMessageTable.Returned::seq))
        .map(C2dMessageTable.Returned::message)
        .toList();
  }

  /** The advisory lock key of a queue: 64 bits of a digest of its identity. */
  private static long queueLockKey(IdentityRef identity) {
    return UUID.nameUUIDFromBytes(("c2d/" + identity).getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
  }
}
