package io.fleethub.eventlog.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.eventlog.EventData;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class AppendQueueTest {
  private static final int LIMIT_BYTES = FileEventLogConfig.MAX_EVENT_BYTES;

  @Test
  void refusesAppendsBeyondItsCountAsOverload() {
    AppendQueue queue = new AppendQueue(3, 2, LIMIT_BYTES);
    PendingAppend first = pending(10);
    PendingAppend second = pending(10);
    PendingAppend third = pending(10);

    queue.offer(first);
    queue.offer(second);
    queue.offer(third);

    assertThat(first.future).isNotDone();
    assertThat(second.future).isNotDone();
    assertThat(third.future).isCompletedExceptionally();
    HubException refusal = refusal(third);
    assertThat(refusal.code()).isEqualTo(ErrorCode.THROTTLING_EXCEPTION);
    assertThat(refusal).hasMessageContaining("Event log overloaded: partition 3 already has 2 appends");
  }

  @Test
  void refusesAppendsBeyondItsBytes() {
    AppendQueue queue = new AppendQueue(0, 100, LIMIT_BYTES);
    PendingAppend large = pending(LIMIT_BYTES - 100);
    PendingAppend tooMuch = pending(200);

    queue.offer(large);
    queue.offer(tooMuch);

    assertThat(refusal(tooMuch).code()).isEqualTo(ErrorCode.THROTTLING_EXCEPTION);
  }

  @Test
  void acceptsAgainOnceTheWriterTookWhatWaited() throws Exception {
    AppendQueue queue = new AppendQueue(0, 1, LIMIT_BYTES);
    PendingAppend first = pending(10);
    queue.offer(first);

    assertThat(queue.take(10)).containsExactly(first);
    PendingAppend second = pending(10);
    queue.offer(second);
    assertThat(second.future).isNotDone();
    assertThat(queue.poll(10)).containsExactly(second);
  }

  @Test
  void afterCloseRefusesOffersButHandsOverWhatWasQueued() throws Exception {
    AppendQueue queue = new AppendQueue(0, 10, LIMIT_BYTES);
    PendingAppend queued = pending(10);
    queue.offer(queued);

    queue.close(() -> new IllegalStateException("closed for the test"), false);
    PendingAppend late = pending(10);
    queue.offer(late);

    assertThat(late.future).isCompletedExceptionally();
    assertThat(queue.take(10)).containsExactly(queued);
    assertThat(queue.take(10)).isEmpty();
  }

  private static PendingAppend pending(int tailBytes) {
    return new PendingAppend(new EventData(Instant.EPOCH, "d", Map.of(), Map.of(), new byte[0]), new byte[tailBytes]);
  }

  private static HubException refusal(PendingAppend append) {
    try {
      append.future.join();
      throw new AssertionError("expected a refusal");
    } catch (CompletionException e) {
      return (HubException) e.getCause();
    }
  }
}
