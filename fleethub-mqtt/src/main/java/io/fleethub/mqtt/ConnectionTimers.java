package io.fleethub.mqtt;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The deadlines of one connection, each a single Vert.x timer (never one per packet):
 *
 * <ul>
 *   <li>the CONNECT deadline, from accept to CONNACK;
 *   <li>the keep-alive deadline ({@link KeepAlivePolicy}), measured on the monotonic clock from the last packet
 *       received; the timer re-arms for the remaining time instead of being reset by every packet;
 *   <li>the credential expiry of a token-authenticated connection, read from the hub's {@link Clock}: the timer
 *       fires at the expiry or after the check interval, whichever comes first, and re-checks the clock, so the
 *       connection ends when the hub's clock passes the expiry even if that clock jumps.
 * </ul>
 *
 * <p>Must be used on the connection's context; the timers fire there and call {@code expire} with the reason.
 */
final class ConnectionTimers {
  private final Vertx vertx;
  private final Clock clock;
  private final Consumer<String> expire;
  private long connectTimer = -1;
  private long keepAliveTimer = -1;
  private long credentialTimer = -1;
  private long keepAliveNanos;
  private long lastPacketNanos = System.nanoTime();
  private boolean cancelled;

  ConnectionTimers(Vertx vertx, Clock clock, Consumer<String> expire) {
    this.vertx = vertx;
    this.clock = clock;
    this.expire = expire;
  }

  void startConnectDeadline(Duration timeout) {
    connectTimer = vertx.setTimer(Math.max(1, timeout.toMillis()),
        id -> fire("no CONNACK within " + timeout.toSeconds() + " s of connecting"));
  }

  /** The CONNACK was sent: the CONNECT deadline ends, and keep-alive and credential expiry start. */
  void connected(Duration keepAliveTimeout, Optional<Instant> credentialExpiry, Duration checkInterval) {
    vertx.cancelTimer(connectTimer);
    keepAliveNanos = keepAliveTimeout.toNanos();
    armKeepAlive(keepAliveNanos);
    credentialExpiry.ifPresent(expiry -> armCredentialCheck(expiry, checkInterval));
  }

  void packetReceived() {
    lastPacketNanos = System.nanoTime();
  }

  void cancelAll() {
    cancelled = true;
    vertx.cancelTimer(connectTimer);
    vertx.cancelTimer(keepAliveTimer);
    vertx.cancelTimer(credentialTimer);
  }

  private void armKeepAlive(long delayNanos) {
    keepAliveTimer = vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos)), id -> {
      long idleNanos = System.nanoTime() - lastPacketNanos;
      if (idleNanos >= keepAliveNanos) {
        fire("no packet within the keep-alive timeout of " + Duration.ofNanos(keepAliveNanos).toMillis() + " ms");
      } else if (!cancelled) {
        armKeepAlive(keepAliveNanos - idleNanos);
      }
    });
  }

  private void armCredentialCheck(Instant expiry, Duration checkInterval) {
    Duration remaining = Duration.between(clock.instant(), expiry);
    long delay = Math.max(1, Math.min(remaining.toMillis(), checkInterval.toMillis()));
    credentialTimer = vertx.setTimer(delay, id -> {
      if (!clock.instant().isBefore(expiry)) {
        fire("the SAS token expired at " + expiry);
      } else if (!cancelled) {
        armCredentialCheck(expiry, checkInterval);
      }
    });
  }

  private void fire(String reason) {
    if (!cancelled) {
      expire.accept(reason);
    }
  }
}
