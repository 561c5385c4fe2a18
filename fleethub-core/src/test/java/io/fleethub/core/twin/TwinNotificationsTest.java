package io.fleethub.core.twin;

import static io.fleethub.core.twin.Json.json;
import static io.fleethub.core.twin.TwinFixture.DEVICE;
import static io.fleethub.core.twin.TwinFixture.MODULE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.registry.Etag;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TwinNotificationsTest {
  private final TwinNotifications notifications = new TwinNotifications();

  @Test
  void subscriberGetsOnlyItsIdentitysChangesUntilItUnsubscribes() throws Exception {
    // GIVEN a subscriber for the device
    List<DesiredPropertiesChange> received = new ArrayList<>();
    AutoCloseable subscription = notifications.subscribe(DEVICE, received::add);

    // WHEN changes for the device and its module are published, then the subscription closed and one more sent
    notifications.desiredPropertiesChanged(change(DEVICE, 2));
    notifications.desiredPropertiesChanged(change(MODULE, 2));
    subscription.close();
    notifications.desiredPropertiesChanged(change(DEVICE, 3));

    // THEN it received the device's change before it unsubscribed, only
    assertThat(received).containsExactly(change(DEVICE, 2));
  }

  @Test
  void failingSubscriberDoesNotKeepOthersFromTheChange() {
    List<DesiredPropertiesChange> received = new ArrayList<>();
    notifications.subscribe(DEVICE, change -> {
      throw new IllegalStateException("connection closed");
    });
    notifications.subscribe(DEVICE, received::add);

    notifications.desiredPropertiesChanged(change(DEVICE, 2));

    assertThat(received).containsExactly(change(DEVICE, 2));
  }

  @Test
  void changeForAnIdentityNobodySubscribedIsDropped() {
    notifications.desiredPropertiesChanged(change(MODULE, 5));
  }

  @Test
  void hubWiringPublishesServiceWritesToSubscribers() {
    // GIVEN a twin service publishing to these notifications, and a subscribed device
    TwinFixture fixture = new TwinFixture();
    TwinService twins = new TwinService(fixture.store, fixture.registry, fixture.clock, notifications);
    List<DesiredPropertiesChange> received = new ArrayList<>();
    notifications.subscribe(DEVICE, received::add);

    // WHEN the service patches the desired properties
    twins.update(DEVICE, TwinUpdate.desired(json("{'fan': 'on'}")), Etag.ANY);

    // THEN the device's subscriber got the patch
    assertThat(received).containsExactly(new DesiredPropertiesChange(DEVICE, json("{'fan': 'on', '$version': 2}"), 2));
  }

  private static DesiredPropertiesChange change(IdentityRef identity, long version) {
    return new DesiredPropertiesChange(identity, json("{'$version': " + version + "}"), version);
  }
}
