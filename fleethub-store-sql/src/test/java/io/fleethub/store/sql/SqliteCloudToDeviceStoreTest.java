package io.fleethub.store.sql;

import static io.fleethub.testkit.store.CloudToDeviceExamples.NOW;
import static io.fleethub.testkit.store.CloudToDeviceExamples.device;
import static io.fleethub.testkit.store.CloudToDeviceExamples.feedback;
import static io.fleethub.testkit.store.CloudToDeviceExamples.lockAt;
import static io.fleethub.testkit.store.CloudToDeviceExamples.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.c2d.CloudToDeviceMessage;
import io.fleethub.core.c2d.CloudToDeviceStore;
import io.fleethub.core.c2d.FeedbackRecord;
import io.fleethub.core.c2d.MessageLock;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.testkit.store.CloudToDeviceStoreContract;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteCloudToDeviceStoreTest implements CloudToDeviceStoreContract {
  @TempDir
  Path directory;

  private SqlStores stores;

  @Override
  public CloudToDeviceStore newStore() {
    stores = SqlStores.sqlite(directory.resolve("fleethub.db"));
    return stores.cloudToDevice();
  }

  @Test
  void queuedMessagesLocksAndFeedbackSurviveReopeningTheFile() {
    // GIVEN a queue with a locked and a waiting message, and a feedback record
    IdentityRef target = device("persistent");
    CloudToDeviceMessage waiting = message(target, "waiting");
    MessageLock lock = lockAt(NOW);
    FeedbackRecord record = feedback("kept", NOW);
    CloudToDeviceMessage locked;
    try (SqlStores first = SqlStores.sqlite(directory.resolve("reopened.db"))) {
      first.cloudToDevice().enqueue(message(target, "locked"), 50, NOW);
      first.cloudToDevice().enqueue(waiting, 50, NOW);
      locked = first.cloudToDevice().lockNext(target, lock, NOW).orElseThrow();
      first.cloudToDevice().appendFeedback(record, NOW.plus(Duration.ofHours(1)));
    }

    // WHEN the file is opened again
    try (SqlStores reopened = SqlStores.sqlite(directory.resolve("reopened.db"))) {
      CloudToDeviceStore store = reopened.cloudToDevice();

      // THEN both messages are queued, the lock still holds, and the record is still offered
      assertThat(store.depth(target, NOW)).isEqualTo(2);
      assertThat(store.lockNext(target, lockAt(NOW), NOW).orElseThrow().withoutLock()).isEqualTo(waiting);
      assertThat(store.complete(target, lock.token(), NOW)).contains(locked);
      assertThat(store.lockFeedback(lockAt(NOW), 10, NOW)).containsExactly(record);
    }
  }

  @AfterEach
  void closeStores() {
    if (stores != null) {
      stores.close();
    }
  }
}
