package io.fleethub.eventlog.file;

import io.fleethub.core.eventlog.EventData;
import io.fleethub.core.eventlog.StoredEvent;
import java.util.concurrent.CompletableFuture;

/**
 * An append waiting for its partition's writer: the event as appended (to the millisecond), its encoded tail, and
 * the future the caller holds. The writer stamps the sequence number, raises the enqueued time when it would go
 * back (rewriting it in the tail), and completes the future once durable.
 */
final class PendingAppend {
  final EventData event;
  final byte[] tail;
  final CompletableFuture<StoredEvent> future = new CompletableFuture<>();
  /** Set by the writer when the frame is written; published to the caller by completing the future. */
  StoredEvent stored;

  PendingAppend(EventData event, byte[] tail) {
    this.event = event;
    this.tail = tail;
  }
}
