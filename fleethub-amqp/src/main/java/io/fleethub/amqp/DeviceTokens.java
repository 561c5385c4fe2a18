package io.fleethub.amqp;

import io.fleethub.core.HubIdentity;
import io.fleethub.core.auth.SasToken;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which device or module a device credential speaks for, and running its checks on the device's lane. Stateless. */
final class DeviceTokens {
  private static final Pattern IDENTITY_PATH =
      Pattern.compile("(?i:devices)/([^/]+)(?:/(?i:modules)/([^/]+))?");

  private DeviceTokens() {}

  /** True when a token audience's path (see {@link EntityPaths#ofAudience}) names a device or module. */
  static boolean isDeviceAudience(String audiencePath) {
    return audiencePath.toLowerCase(Locale.ROOT).startsWith("devices/");
  }

  /**
   * The identity a device token put for {@code audiencePath} speaks for: the audience's device or module, or a
   * module of the audience's device when the token's {@code sr} names one (the Java device SDK puts module tokens
   * for their device's audience). Throws {@link IllegalArgumentException} saying why for an audience that names no
   * identity or a malformed token.
   */
  static IdentityRef identityOf(String audiencePath, String token, HubIdentity hub) {
    IdentityRef audience = parse(audiencePath).orElseThrow(() -> new IllegalArgumentException(
        "The audience '" + audiencePath + "' names no device or module: use '" + hub.hostName()
            + "/devices/{deviceId}[/modules/{moduleId}]'."));
    String resource = SasToken.parse(token.trim()).resource();
    Optional<IdentityRef> named = EntityPaths.ofAudience(resource, hub).flatMap(DeviceTokens::parse);
    if (!audience.isModule() && named.isPresent() && named.get().isModule()
        && named.get().deviceId().equals(audience.deviceId())) {
      return named.get();
    }
    return audience;
  }

  /**
   * Runs {@code check} on the identity's device lane and completes on {@code context}, with what it returns or
   * what it threw.
   */
  static <T> Future<T> onLane(AmqpServices services, Context context, IdentityRef identity, Supplier<T> check) {
    Promise<T> promise = Promise.promise();
    try {
      services.deviceLanes().submit(identity.deviceId(), check).whenComplete((result, failure) ->
          context.runOnContext(nothing -> {
            if (failure == null) {
              promise.complete(result);
            } else {
              promise.fail(failure instanceof CompletionException && failure.getCause() != null
                  ? failure.getCause() : failure);
            }
          }));
    } catch (RejectedExecutionException e) {
      promise.fail(e);
    }
    return promise.future();
  }

  private static Optional<IdentityRef> parse(String path) {
    Matcher matcher = IDENTITY_PATH.matcher(path);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    try {
      DeviceId deviceId = DeviceId.of(matcher.group(1));
      return Optional.of(matcher.group(2) == null ? IdentityRef.device(deviceId)
          : IdentityRef.module(deviceId, ModuleId.of(matcher.group(2))));
    } catch (IllegalArgumentException notAnId) {
      return Optional.empty();
    }
  }
}
