package io.fleethub.transport.http.device;

import io.fleethub.core.auth.DevicePrincipal;
import io.fleethub.core.concurrent.DeviceExecutors;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.auth.ClientCertificates;
import io.fleethub.transport.http.CoreExecutor;
import io.fleethub.transport.http.ErrorResponder;
import io.fleethub.transport.http.service.PathIds;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Runs one device API operation the same way for every resource: on a worker thread, read the identity from the
 * path and authenticate the request for it ({@link DeviceAccess}: SAS token or client certificate), record the
 * identity's activity ({@link RequestActivity}), then start the operation; when its stage completes, back on the event loop, write the {@link DeviceReply} or the refusal through
 * the {@link ErrorResponder}. No thread waits for the stage.
 *
 * <p>Handlers read what they need from the request (path parameters, headers, body) on the event loop before
 * calling {@link #run}, and validate it inside the operation, so an unauthenticated caller learns nothing about its
 * input.
 */
final class DeviceCalls {
  /** The work of one request, started on a worker thread once the caller is authenticated. */
  @FunctionalInterface
  interface Operation {
    CompletionStage<DeviceReply> start(DevicePrincipal principal) throws Exception;
  }

  private final DeviceAccess access;
  private final RequestActivity activity;
  private final CoreExecutor executor;
  private final DeviceExecutors lanes;
  private final ErrorResponder errors;

  DeviceCalls(DeviceAccess access, RequestActivity activity, CoreExecutor executor, DeviceExecutors lanes,
      ErrorResponder errors) {
    this.access = Objects.requireNonNull(access, "access");
    this.activity = Objects.requireNonNull(activity, "activity");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.lanes = Objects.requireNonNull(lanes, "lanes");
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  /** Runs {@code operation} for the request in {@code context}. Called on the event loop. */
  void run(RoutingContext context, Operation operation) {
    String rawDeviceId = context.pathParam(DeviceApi.DEVICE_ID);
    String rawModuleId = context.pathParam(DeviceApi.MODULE_ID);
    Optional<String> token = Optional.ofNullable(context.request().getHeader("Authorization"));
    List<X509Certificate> chain = ClientCertificates.of(context.request().sslSession());
    Context eventLoop = context.vertx().getOrCreateContext();
    executor.call(() -> {
      IdentityRef identity = PathIds.identity(rawDeviceId, rawModuleId);
      DevicePrincipal principal = access.authenticate(identity, token, chain);
      activity.record(principal.identity());
      return operation.start(principal);
    }).compose(started -> Future.fromCompletionStage(started, eventLoop)).onComplete(result -> {
      if (result.succeeded()) {
        write(context.response(), result.result());
      } else {
        errors.send(context.response(), unwrap(result.cause()));
      }
    });
  }

  /**
   * Runs {@code work} on the device's lane, after the device's earlier work: the core serialises changes to a
   * device's cloud-to-device queue there. Call from an operation.
   */
  <T> CompletionStage<T> onLane(DeviceId device, Supplier<T> work) {
    return lanes.submit(device, work);
  }

  /** The request body's bytes; empty when there is none. */
  static byte[] body(RoutingContext context) {
    Buffer buffer = context.body() == null ? null : context.body().buffer();
    return buffer == null ? new byte[0] : buffer.getBytes();
  }

  private static void write(HttpServerResponse response, DeviceReply reply) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(reply.status());
    reply.headers().forEach(response::putHeader);
    if (reply.body().length == 0) {
      response.end();
    } else {
      response.end(Buffer.buffer(reply.body()));
    }
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
