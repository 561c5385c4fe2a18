package io.fleethub.amqp;

import io.fleethub.core.auth.DevicePrincipal;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.presence.DeviceConnection;
import io.vertx.core.Future;
import io.vertx.proton.ProtonLink;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;
import io.vertx.proton.ProtonSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's or module's presence on an AMQP connection: its open links, from the first to the last. With its
 * first link the identity becomes connected (the {@link io.fleethub.core.presence.ConnectionTracker} learns of
 * it, which ends the identity's connection elsewhere); when its last link goes, or the connection ends, it is
 * disconnected. A newer connection of the identity elsewhere ends these links with {@code amqp:link:stolen}.
 *
 * <p>Confined to the connection's context, except {@link #close}, which the tracker may call from any thread.
 */
final class DeviceSession implements DeviceConnection {
  private static final Logger log = LoggerFactory.getLogger(DeviceSession.class);

  /** How often the identity's activity is written to the registry at most, as for MQTT devices. */
  static final Duration ACTIVITY_INTERVAL = Duration.ofMinutes(1);

  private final AmqpConnection connection;
  private final DeviceLinks owner;
  private final DevicePrincipal principal;
  private final List<DeviceLinks.Link> links = new ArrayList<>();
  private final TwinChannel twin;
  private final MethodChannel methods;
  private final Future<Void> registration;
  private boolean ended;
  private Instant activityRecorded;

  DeviceSession(AmqpConnection connection, DeviceLinks owner, DevicePrincipal principal) {
    this.connection = connection;
    this.owner = owner;
    this.principal = principal;
    this.twin = new TwinChannel(connection, this);
    this.methods = new MethodChannel(connection, this);
    this.registration = DeviceTokens.onLane(connection.services(), connection.context(), principal.identity(), () -> {
      connection.services().connections().connected(principal, this);
      return null;
    });
    log.debug("{} connecting over AMQP ({})", principal.identity(), principal.method());
    noteActivity();
  }

  IdentityRef identity() {
    return principal.identity();
  }

  DevicePrincipal principal() {
    return principal;
  }

  /**
   * The device's receiver of what the hub sends on {@code address}; answered once the identity's connection is
   * recorded, so a registry read after the attach shows it connected.
   */
  void attachSender(ProtonSender sender, DeviceAddress address) {
    whenRegistered(sender, () -> openSender(sender, address));
  }

  /** The device's sender of what the hub takes on {@code address}; answered as {@link #attachSender} is. */
  void attachReceiver(ProtonReceiver receiver, DeviceAddress address) {
    whenRegistered(receiver, () -> openReceiver(receiver, address));
  }

  private void whenRegistered(ProtonLink<?> link, Runnable open) {
    registration.onComplete(registered -> {
      if (ended || connection.isEnded()) {
        link.setCondition(AmqpErrors.condition(AmqpErrors.LINK_STOLEN, "The identity's session on this connection "
            + "ended while the link attached."));
        link.close();
      } else if (registered.failed()) {
        log.warn("Could not record that {} connected over AMQP", identity(), registered.cause());
        link.setCondition(AmqpErrors.condition(AmqpErrors.INTERNAL_ERROR, "The hub could not record the connection."));
        link.close();
        endAll(AmqpErrors.condition(AmqpErrors.INTERNAL_ERROR, "The hub could not record the connection."));
      } else {
        open.run();
      }
    });
  }

  private void openSender(ProtonSender sender, DeviceAddress address) {
    switch (address.kind()) {
      case CLOUD_TO_DEVICE -> {
        DeviceboundLink link = new DeviceboundLink(connection, identity(), sender);
        add(link, sender);
        link.open();
      }
      case TWIN -> add(twin.attachReplies(sender), sender);
      case METHODS -> add(methods.attachRequests(sender), sender);
      case TELEMETRY -> add(silentModuleInput(sender), sender);
      default -> throw new IllegalArgumentException("the hub sends nothing on " + address);
    }
  }

  /**
   * A module's receiver of its inputs ({@code .../modules/{mid}/messages/events}): open, and nothing is ever sent on
   * it. Refusing it would end a Node SDK module client that listens for input messages (any refused link takes its
   * whole connection down).
   */
  private static DeviceLinks.Link silentModuleInput(ProtonSender sender) {
    sender.setSource(sender.getRemoteSource());
    sender.setTarget(sender.getRemoteTarget());
    sender.open();
    return new ChannelLink(sender, () -> { });
  }

  private void openReceiver(ProtonReceiver receiver, DeviceAddress address) {
    switch (address.kind()) {
      case TELEMETRY -> {
        TelemetryLink link = new TelemetryLink(connection, this, receiver);
        add(link, receiver);
        link.open();
      }
      case TWIN -> add(twin.attachRequests(receiver), receiver);
      case METHODS -> add(methods.attachAnswers(receiver), receiver);
      default -> throw new IllegalArgumentException("the hub takes nothing on " + address);
    }
  }

  /** Records the identity's activity, at most once per {@link #ACTIVITY_INTERVAL}, in the background. */
  void noteActivity() {
    Instant now = connection.services().clock().instant();
    if (activityRecorded != null && now.isBefore(activityRecorded.plus(ACTIVITY_INTERVAL))) {
      return;
    }
    activityRecorded = now;
    try {
      connection.services().deviceLanes().execute(identity().deviceId(), () -> {
        try {
          connection.services().registry().recordActivity(identity(), now);
        } catch (RuntimeException e) {
          log.warn("Could not record the activity of {}", identity(), e);
        }
      });
    } catch (RejectedExecutionException e) {
      log.debug("Activity of {} not recorded: the device lanes are shut down", identity());
    }
  }

  /** A newer connection of the identity replaced this one: its links end. Any thread. */
  @Override
  public void close(String reason) {
    connection.context().runOnContext(nothing -> endAll(AmqpErrors.condition(AmqpErrors.LINK_STOLEN, reason)));
  }

  /** Ends every link of the identity from the hub's side, saying why. */
  void endAll(ErrorCondition condition) {
    for (DeviceLinks.Link link : List.copyOf(links)) {
      link.end(condition);
    }
    links.clear();
    finish(condition.getDescription());
  }

  /** Stops every link without touching it; for the end of the connection. */
  void stopAll() {
    links.forEach(DeviceLinks.Link::stop);
    links.clear();
    finish("the connection ended");
  }

  /** Stops the links of a session the client ended. */
  void sessionEnded(ProtonSession session) {
    for (DeviceLinks.Link link : List.copyOf(links)) {
      if (link.session() == session) {
        link.stop();
        links.remove(link);
      }
    }
    if (links.isEmpty()) {
      finish("its AMQP sessions ended");
    }
  }

  private void add(DeviceLinks.Link link, ProtonLink<?> protonLink) {
    links.add(link);
    DeviceLinks.hold(link, protonLink, () -> {
      links.remove(link);
      if (links.isEmpty()) {
        finish("its last link closed");
      }
    });
  }

  private void finish(String reason) {
    if (ended) {
      return;
    }
    ended = true;
    twin.stop();
    methods.stop();
    owner.ended(this);
    log.debug("{} disconnected from AMQP: {}", identity(), reason);
    registration.onComplete(registered -> onLane(() ->
        connection.services().connections().disconnected(principal, this)));
  }

  private void onLane(Runnable task) {
    try {
      connection.services().deviceLanes().execute(identity().deviceId(), () -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("Could not record the connection state of {}", identity(), e);
        }
      });
    } catch (RejectedExecutionException e) {
      log.debug("Connection state of {} not recorded: the device lanes are shut down", identity());
    }
  }
}
