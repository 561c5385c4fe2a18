package io.fleethub.core.memory;

import io.fleethub.core.c2d.CloudToDeviceMessage;
import io.fleethub.core.c2d.CloudToDeviceStore;
import io.fleethub.core.c2d.FeedbackBacklog;
import io.fleethub.core.c2d.FeedbackRecord;
import io.fleethub.core.c2d.LockToken;
import io.fleethub.core.c2d.MessageLock;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A {@link CloudToDeviceStore} in memory, for tests of the layers above the stores. Every device queue is kept in
 * one arrival order, the feedback queue in its own. Thread-safe by one lock.
 */
public final class InMemoryCloudToDeviceStore implements CloudToDeviceStore {
  private final TreeMap<Long, CloudToDeviceMessage> messages = new TreeMap<>();
  private final LockedQueue<FeedbackRecord> feedback = new LockedQueue<>();
  private long nextSequence;

  @Override
  public synchronized boolean enqueue(CloudToDeviceMessage message, int depthLimit, Instant now) {
    if (depth(message.target(), now) >= depthLimit) {
      return false;
    }
    messages.put(nextSequence++, message.withoutLock());
    return true;
  }

  @Override
  public synchronized Optional<CloudToDeviceMessage> lockNext(IdentityRef identity, MessageLock lock, Instant now) {
    for (Map.Entry<Long, CloudToDeviceMessage> entry : messages.entrySet()) {
      CloudToDeviceMessage message = entry.getValue();
      if (message.target().equals(identity) && !message.isExpiredAt(now) && !message.isLockedAt(now)) {
        CloudToDeviceMessage locked = message.withLock(lock);
        entry.setValue(locked);
        return Optional.of(locked);
      }
    }
    return Optional.empty();
  }

  @Override
  public synchronized Optional<CloudToDeviceMessage> complete(IdentityRef identity, LockToken token, Instant now) {
    return heldBy(identity, token, now).map(messages::remove);
  }

  @Override
  public synchronized Optional<CloudToDeviceMessage> abandon(
      IdentityRef identity, LockToken token, Instant now, int deadLetterAt) {
    return heldBy(identity, token, now).map(sequence -> {
      CloudToDeviceMessage abandoned = messages.get(sequence).abandoned();
      if (abandoned.deliveryCount() >= deadLetterAt) {
        messages.remove(sequence);
      } else {
        messages.put(sequence, abandoned);
      }
      return abandoned;
    });
  }

  @Override
  public synchronized Optional<CloudToDeviceMessage> reject(IdentityRef identity, LockToken token, Instant now) {
    return complete(identity, token, now);
  }

  @Override
  public synchronized List<CloudToDeviceMessage> removeExpired(Instant now, int limit) {
    return removeWhere(m -> m.isExpiredAt(now) && !m.isLockedAt(now), limit);
  }

  @Override
  public synchronized List<CloudToDeviceMessage> purge(IdentityRef identity) {
    return removeWhere(m -> m.target().equals(identity), Integer.MAX_VALUE);
  }

  @Override
  public synchronized int discardDevice(DeviceId deviceId) {
    return removeWhere(m -> m.target().deviceId().equals(deviceId), Integer.MAX_VALUE).size();
  }

  @Override
  public synchronized int depth(IdentityRef identity, Instant now) {
    return (int) messages.values().stream()
        .filter(m -> m.target().equals(identity) && !m.isExpiredAt(now))
        .count();
  }

  @Override
  public synchronized void appendFeedback(FeedbackRecord record, Instant expiry) {
    feedback.append(record, expiry);
  }

  @Override
  public synchronized FeedbackBacklog feedbackBacklog(Instant now) {
    List<FeedbackRecord> offered = feedback.offered(now);
    return new FeedbackBacklog(offered.size(),
        offered.stream().map(FeedbackRecord::enqueuedTime).min(Instant::compareTo));
  }

  @Override
  public synchronized List<FeedbackRecord> lockFeedback(MessageLock lock, int limit, Instant now) {
    return feedback.lock(lock, limit, now);
  }

  @Override
  public synchronized boolean completeFeedback(LockToken token, Instant now) {
    return feedback.complete(token, now);
  }

  @Override
  public synchronized boolean abandonFeedback(LockToken token, Instant now, int deadLetterAt) {
    return feedback.abandon(token, now, deadLetterAt);
  }

  @Override
  public synchronized int removeExpiredFeedback(Instant now) {
    return feedback.removeExpired(now);
  }

  private Optional<Long> heldBy(IdentityRef identity, LockToken token, Instant now) {
    return messages.entrySet().stream()
        .filter(e -> e.getValue().target().equals(identity)
            && e.getValue().lock().filter(l -> l.token().equals(token) && l.holdsAt(now)).isPresent())
        .map(Map.Entry::getKey)
        .findFirst();
  }

  private List<CloudToDeviceMessage> removeWhere(Predicate<CloudToDeviceMessage> condition, int limit) {
    List<CloudToDeviceMessage> removed = new ArrayList<>();
    Iterator<CloudToDeviceMessage> iterator = messages.values().iterator();
    while (iterator.hasNext() && removed.size() < limit) {
      CloudToDeviceMessage message = iterator.next();
      if (condition.test(message)) {
        removed.add(message);
        iterator.remove();
      }
    }
    return removed;
  }
}
