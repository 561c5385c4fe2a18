package io.fleethub.transport.http.service;

import io.fleethub.core.auth.AccessControl;
import io.fleethub.core.auth.AccessRight;
import io.fleethub.core.auth.ServicePrincipal;
import io.fleethub.core.concurrent.DeviceExecutors;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.registry.Etag;
import io.fleethub.transport.http.CoreExecutor;
import io.fleethub.transport.http.ErrorResponder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Runs one service API operation the same way for every resource: check the {@code Authorization} header's SAS
 * token, then run the operation, both on a worker thread (the core blocks on its stores); then, back on the event
 * loop, write the {@link Reply} or the refusal through the {@link ErrorResponder}.
 *
 * <p>An operation may instead return a {@link CompletionStage} of its reply ({@link #runAsync}): for work that the
 * core wants on a device's lane ({@link #onLane}: twin writes, cloud-to-device queues), or that waits for a device
 * (a direct method call). No thread waits for it; the reply is written on the event loop when it completes.
 *
 * <p>Handlers read everything they need from the request (path parameters, headers, body) on the event loop
 * before calling {@link #run}, and validate it inside the operation, so an unauthenticated caller learns nothing
 * about its input.
 */
final class ServiceCalls {
  /** Decides whether a token may run an operation; throws {@link HubException} (401 or 403) when not. */
  @FunctionalInterface
  interface Authorization {
    ServicePrincipal check(AccessControl accessControl, String token);
  }

  /** Writes an operation's refusal; called on the event loop. */
  @FunctionalInterface
  interface Refusals {
    void send(HttpServerResponse response, Throwable failure);
  }

  private final AccessControl accessControl;
  private final CoreExecutor executor;
  private final DeviceExecutors lanes;
  private final ErrorResponder errors;

  ServiceCalls(AccessControl accessControl, CoreExecutor executor, DeviceExecutors lanes, ErrorResponder errors) {
    this.accessControl = Objects.requireNonNull(accessControl, "accessControl");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.lanes = Objects.requireNonNull(lanes, "lanes");
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  /** The responder for refusals in IoT Hub's standard form, for resources that write some refusals their own way. */
  ErrorResponder errors() {
    return errors;
  }

  /** Tokens whose policy grants {@code right}. */
  static Authorization requiring(AccessRight right) {
    return (accessControl, token) -> accessControl.authorizeService(token, right);
  }

  /** Tokens whose policy grants every right there is (an owner policy such as {@code iothubowner}). */
  static Authorization requiringAllRights() {
    return (accessControl, token) -> {
      ServicePrincipal principal = accessControl.authenticateService(token);
      if (!principal.rights().containsAll(EnumSet.allOf(AccessRight.class))) {
        throw new HubException(ErrorCode.FORBIDDEN, "The policy '" + principal.policyName()
            + "' does not grant all of RegistryRead, RegistryWrite, ServiceConnect and DeviceConnect,"
            + " which this operation needs.");
      }
      return principal;
    };
  }

  /** Runs the operation for the request in {@code context}. Called on the event loop. */
  void run(RoutingContext context, Authorization authorization, Callable<Reply> operation) {
    runAsync(context, authorization, () -> CompletableFuture.completedFuture(operation.call()));
  }

  /**
   * Runs the operation, which starts the work and returns at once, for the request in {@code context}, and writes
   * its reply when the work completes. Called on the event loop.
   */
  void runAsync(RoutingContext context, Authorization authorization, Callable<CompletionStage<Reply>> operation) {
    runAsync(context, authorization, operation, errors::send);
  }

  /** Like {@link #runAsync(RoutingContext, Authorization, Callable)}, writing refusals through {@code refusals}. */
  void runAsync(RoutingContext context, Authorization authorization, Callable<CompletionStage<Reply>> operation,
      Refusals refusals) {
    String token = context.request().getHeader("Authorization");
    Context eventLoop = context.vertx().getOrCreateContext();
    executor.call(() -> {
      authorization.check(accessControl, token);
      return operation.call();
    }).compose(started -> Future.fromCompletionStage(started, eventLoop)).onComplete(result -> {
      if (result.succeeded()) {
        write(context.response(), result.result());
      } else {
        refusals.send(context.response(), unwrap(result.cause()));
      }
    });
  }

  /**
   * Runs {@code work} on the device's lane ({@code Hub.deviceExecutors()}), after the device's earlier work; for the
   * core services that serialise a device's changes there. Call from an operation, on a worker thread.
   */
  CompletionStage<Reply> onLane(DeviceId device, Supplier<Reply> work) {
    return lanes.submit(device, work);
  }

  /** The {@code If-Match} precondition, if the request has one ({@code *} and quoted forms included). */
  static Optional<Etag> ifMatch(RoutingContext context) {
    String header = context.request().getHeader("If-Match");
    return header == null || header.isBlank() ? Optional.empty() : Optional.of(Etag.parse(header));
  }

  /** The request body's bytes; empty when there is none. */
  static byte[] body(RoutingContext context) {
    Buffer buffer = context.body() == null ? null : context.body().buffer();
    return buffer == null ? new byte[0] : buffer.getBytes();
  }

  /** The exception a failed stage carries, without the {@link CompletionException} an async step wraps it in. */
  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static void write(HttpServerResponse response, Reply reply) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(reply.status());
    reply.etag().ifPresent(etag -> response.putHeader("ETag", etag.quoted()));
    if (reply.json().isPresent()) {
      response.putHeader("Content-Type", "application/json; charset=utf-8").end(reply.json().get());
    } else {
      response.end();
    }
  }
}
