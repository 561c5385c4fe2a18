package io.fleethub.core.memory;

import io.fleethub.core.c2d.LockToken;
import io.fleethub.core.c2d.MessageLock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A queue of items, in arrival order, that a reader locks for a while and then completes or abandons, the way the
 * in-memory stores keep cloud-to-device feedback and file-upload notifications. An item is offered while it has not
 * expired and no lock holds it; an item abandoned {@code deadLetterAt} times is dropped. Not thread-safe: each store
 * guards its queues with its own lock.
 */
final class LockedQueue<T> {
  private final TreeMap<Long, Entry<T>> entries = new TreeMap<>();
  private long nextSequence;

  /** An item with what the queue keeps beside it. */
  private record Entry<T>(T item, Instant expiry, int abandons, Optional<MessageLock> lock) {
    boolean offeredAt(Instant now) {
      return now.isBefore(expiry) && !heldAt(now);
    }

    boolean heldAt(Instant now) {
      return lock.filter(l -> l.holdsAt(now)).isPresent();
    }

    boolean heldBy(LockToken token, Instant now) {
      return lock.filter(l -> l.token().equals(token) && l.holdsAt(now)).isPresent();
    }
  }

  void append(T item, Instant expiry) {
    entries.put(nextSequence++, new Entry<>(item, expiry, 0, Optional.empty()));
  }

  /** The items offered at {@code now}, oldest first. */
  List<T> offered(Instant now) {
    return entries.values().stream().filter(entry -> entry.offeredAt(now)).map(Entry::item).toList();
  }

  /** Locks up to {@code limit} of the items offered at {@code now}, oldest first, and returns them. */
  List<T> lock(MessageLock lock, int limit, Instant now) {
    List<T> locked = new ArrayList<>();
    for (Map.Entry<Long, Entry<T>> slot : entries.entrySet()) {
      Entry<T> entry = slot.getValue();
      if (locked.size() < limit && entry.offeredAt(now)) {
        slot.setValue(new Entry<>(entry.item(), entry.expiry(), entry.abandons(), Optional.of(lock)));
        locked.add(entry.item());
      }
    }
    return locked;
  }

  /** Removes the items {@code token} holds at {@code now}; false when it holds none. */
  boolean complete(LockToken token, Instant now) {
    return entries.values().removeIf(entry -> entry.heldBy(token, now));
  }

  /**
   * Offers again the items {@code token} holds at {@code now}, dropping those abandoned {@code deadLetterAt} times;
   * false when it holds none.
   */
  boolean abandon(LockToken token, Instant now, int deadLetterAt) {
    boolean any = false;
    for (Iterator<Map.Entry<Long, Entry<T>>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Entry<T>> slot = it.next();
      Entry<T> entry = slot.getValue();
      if (entry.heldBy(token, now)) {
        any = true;
        int abandons = entry.abandons() + 1;
        if (abandons >= deadLetterAt) {
          it.remove();
        } else {
          slot.setValue(new Entry<>(entry.item(), entry.expiry(), abandons, Optional.empty()));
        }
      }
    }
    return any;
  }

  /** Removes the items expired at {@code now} that no lock holds, and says how many. */
  int removeExpired(Instant now) {
    int before = entries.size();
    entries.values().removeIf(entry -> !now.isBefore(entry.expiry()) && !entry.heldAt(now));
    return before - entries.size();
  }
}
