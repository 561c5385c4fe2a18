package io.fleethub.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HubEventsTest {
  private static final DeviceEvent CREATED =
      new DeviceEvent.Created(IdentityRef.device(DeviceId.of("d1")), Instant.parse("2026-03-01T12:00:00Z"));
  private static final DeviceEvent DELETED =
      new DeviceEvent.Deleted(IdentityRef.device(DeviceId.of("d1")), Instant.parse("2026-03-01T12:01:00Z"));

  private final HubEvents events = new HubEvents();
  private final List<String> calls = new CopyOnWriteArrayList<>();

  @Test
  void deliversEachEventToSubscribersInSubscriptionOrder() {
    // GIVEN
    events.subscribe(e -> calls.add("first " + e.getClass().getSimpleName()));
    events.subscribe(e -> calls.add("second " + e.getClass().getSimpleName()));
    events.subscribe(e -> calls.add("third " + e.getClass().getSimpleName()));

    // WHEN
    events.publish(CREATED);
    events.publish(DELETED);

    // THEN
    assertThat(calls).containsExactly("first Created", "second Created", "third Created",
        "first Deleted", "second Deleted", "third Deleted");
  }

  @Test
  void throwingSubscriberNeitherStopsTheOthersNorReachesThePublisher() {
    // GIVEN
    events.subscribe(e -> calls.add("before"));
    events.subscribe(e -> {
      throw new IllegalStateException("subscriber bug");
    });
    events.subscribe(e -> calls.add("after"));

    // WHEN / THEN
    assertThatCode(() -> events.publish(CREATED)).doesNotThrowAnyException();
    assertThat(calls).containsExactly("before", "after");
  }

  @Test
  void closingTheHandleUnsubscribesOnlyThatSubscriber() throws Exception {
    // GIVEN
    events.subscribe(e -> calls.add("stays"));
    AutoCloseable leaving = events.subscribe(e -> calls.add("leaves"));
    events.publish(CREATED);

    // WHEN
    leaving.close();
    events.publish(DELETED);

    // THEN
    assertThat(calls).containsExactly("stays", "leaves", "stays");
  }

  @Test
  void publishingWithoutSubscribersDoesNothing() {
    // WHEN / THEN
    assertThatCode(() -> events.publish(CREATED)).doesNotThrowAnyException();
  }
}
