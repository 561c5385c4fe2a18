package io.fleethub.mqtt;

import io.fleethub.core.auth.DevicePrincipal;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.presence.DeviceConnection;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls a connection makes into the core that block on stores: each runs on the device's lane of
 * {@link io.fleethub.core.concurrent.DeviceExecutors}, so one device's connects, disconnects, activity, twin
 * requests and cloud-to-device receives and settlements happen in order and never on an event loop. A module's
 * work runs on its device's lane. The futures complete on the lane's thread; callers hop back to their own
 * context. Thread-safe.
 */
final class DeviceLane {
  private static final Logger log = LoggerFactory.getLogger(DeviceLane.class);

  private final MqttDeviceServices services;

  DeviceLane(MqttDeviceServices services) {
    this.services = services;
  }

  /**
   * Authenticates a CONNECT (its SAS token, or else its client certificate chain) and makes {@code connection}
   * the identity's current one, which closes the one it replaces. Fails with the authenticator's
   * {@link io.fleethub.core.auth.DeviceAuthException}, or with whatever else went wrong.
   */
  CompletableFuture<DevicePrincipal> admit(ConnectRequest request, List<X509Certificate> clientCertificates,
      DeviceConnection connection) {
    IdentityRef identity = request.identity();
    try {
      return services.executors().submit(identity.deviceId(), () -> {
        DevicePrincipal principal = request.token()
            .map(token -> services.authenticator().authenticateToken(identity, token))
            .orElseGet(() -> services.authenticator().authenticateCertificate(identity, clientCertificates));
        services.connections().connected(principal, connection, request.modelId());
        return principal;
      });
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Records that {@code connection} ended; the future completes (never exceptionally) once it is recorded. */
  CompletableFuture<Void> leave(DevicePrincipal principal, DeviceConnection connection) {
    try {
      return services.executors().submit(principal.identity().deviceId(), () -> {
        services.connections().disconnected(principal, connection);
        return (Void) null;
      }).exceptionally(failure -> {
        log.warn("Could not record that {} disconnected", principal.identity(), failure);
        return null;
      });
    } catch (RejectedExecutionException e) {
      log.warn("Could not record that {} disconnected: the device lanes are shut down", principal.identity());
      return CompletableFuture.completedFuture(null);
    }
  }

  /**
   * Runs {@code task} on the identity's lane. The future completes with its result, or fails with what it threw,
   * or with a {@link RejectedExecutionException} when the lanes are shut down.
   */
  <T> CompletableFuture<T> submit(IdentityRef identity, Supplier<T> task) {
    try {
      return services.executors().submit(identity.deviceId(), task);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Records the identity's last activity, in the background. */
  void recordActivity(IdentityRef identity, Instant at) {
    try {
      services.executors().execute(identity.deviceId(), () -> {
        try {
          services.activity().recordActivity(identity, at);
        } catch (RuntimeException e) {
          log.warn("Could not record the activity of {}", identity, e);
        }
      });
    } catch (RejectedExecutionException e) {
      log.debug("Activity of {} not recorded: the device lanes are shut down", identity);
    }
  }
}
