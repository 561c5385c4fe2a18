package io.fleethub.core.c2d;

import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Persists the cloud-to-device queues, one per device or module, and the hub's one queue of feedback records.
 * Dumb by design but atomic: each method is one indivisible step, and the limits and times it applies are
 * parameters. Deciding them, and what feedback an outcome produces, is the caller's ({@link CloudToDeviceService}'s)
 * business. The store keeps no clock: {@code now} is always given.
 *
 * <p>A queue is first in, first out by the order of {@link #enqueue}. Messages and locks are durable: a store
 * reopened after a restart holds the same messages, and a lock taken before still holds until it expires.
 *
 * <p>Every method may be called from any thread, by several hub nodes sharing one database, and blocks until its
 * change is durable.
 */
public interface CloudToDeviceStore {

  /**
   * Appends the message to its target's queue if that queue holds fewer than {@code depthLimit} messages not
   * expired at {@code now}; returns false, storing nothing, when it is full. Two racing enqueues never take the
   * queue past the limit. The message is stored as given, without its {@link CloudToDeviceMessage#lock()}.
   */
  boolean enqueue(CloudToDeviceMessage message, int depthLimit, Instant now);

  /**
   * Locks the oldest message of the identity's queue that is deliverable at {@code now}: not expired, and not
   * locked or its lock expired. Returns it holding {@code lock}, or empty when no message is deliverable. Racing
   * callers never receive the same message under locks that hold at the same time.
   */
  Optional<CloudToDeviceMessage> lockNext(IdentityRef identity, MessageLock lock, Instant now);

  /**
   * Removes the message locked by {@code token} if that lock holds at {@code now}, and returns it as it was
   * stored; empty, changing nothing, when no message of the identity holds that lock.
   */
  Optional<CloudToDeviceMessage> complete(IdentityRef identity, LockToken token, Instant now);

  /**
   * Unlocks the message locked by {@code token} if that lock holds at {@code now}, adding one to its delivery
   * count; when the new count reaches {@code deadLetterAt}, removes it instead. Returns the message with its new
   * delivery count and no lock (so a returned count of {@code deadLetterAt} or more means it was removed); empty,
   * changing nothing, when no message of the identity holds that lock.
   */
  Optional<CloudToDeviceMessage> abandon(IdentityRef identity, LockToken token, Instant now, int deadLetterAt);

  /** Like {@link #complete}: the message leaves the queue, the caller decides what rejection means. */
  Optional<CloudToDeviceMessage> reject(IdentityRef identity, LockToken token, Instant now);

  /**
   * Removes up to {@code limit} messages, of any queue, that are expired at {@code now} and not locked by a lock
   * that holds then, and returns them oldest first. Each removed message is returned to exactly one caller.
   */
  List<CloudToDeviceMessage> removeExpired(Instant now, int limit);

  /** Removes every message of the identity's queue, locked or not, and returns them oldest first. */
  List<CloudToDeviceMessage> purge(IdentityRef identity);

  /** Removes the queues of the device and of all its modules; returns how many messages they held. */
  int discardDevice(DeviceId deviceId);

  /** How many messages not expired at {@code now} the identity's queue holds, locked or not. */
  int depth(IdentityRef identity, Instant now);

  /** Appends a record to the feedback queue; it is no longer offered from {@code expiry} on. */
  void appendFeedback(FeedbackRecord record, Instant expiry);

  /** The feedback records offered at {@code now}: unexpired, and not locked or their lock expired. */
  FeedbackBacklog feedbackBacklog(Instant now);

  /**
   * Locks up to {@code limit} of the oldest records offered at {@code now} under {@code lock} and returns them
   * oldest first; empty when none is offered. Racing callers never lock the same record under locks that hold at
   * the same time.
   */
  List<FeedbackRecord> lockFeedback(MessageLock lock, int limit, Instant now);

  /** Removes the records locked by {@code token} if that lock holds at {@code now}; false when there are none. */
  boolean completeFeedback(LockToken token, Instant now);

  /**
   * Unlocks the records locked by {@code token} if that lock holds at {@code now}, adding one to the number of
   * times each was abandoned, and removes those whose count reaches {@code deadLetterAt}; false when no record
   * holds that lock.
   */
  boolean abandonFeedback(LockToken token, Instant now, int deadLetterAt);

  /** Removes the feedback records expired at {@code now} and not locked then; returns how many. */
  int removeExpiredFeedback(Instant now);
}
