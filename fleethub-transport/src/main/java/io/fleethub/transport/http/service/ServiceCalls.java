package io.fleethub.transport.http.service;

import io.fleethub.core.auth.AccessControl;
import io.fleethub.core.auth.AccessRight;
import io.fleethub.core.auth.ServicePrincipal;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.registry.Etag;
import io.fleethub.transport.http.CoreExecutor;
import io.fleethub.transport.http.ErrorResponder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Runs one service API operation the same way for every resource: check the {@code Authorization} header's SAS
 * token, then run the operation, both on a worker thread (the core blocks on its stores); then, back on the event
 * loop, write the {@link Reply} or the refusal through the {@link ErrorResponder}.
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

  private final AccessControl accessControl;
  private final CoreExecutor executor;
  private final ErrorResponder errors;

  ServiceCalls(AccessControl accessControl, CoreExecutor executor, ErrorResponder errors) {
    this.accessControl = Objects.requireNonNull(accessControl, "accessControl");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.errors = Objects.requireNonNull(errors, "errors");
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
    String token = context.request().getHeader("Authorization");
    executor.call(() -> {
      authorization.check(accessControl, token);
      return operation.call();
    }).onComplete(result -> {
      if (result.succeeded()) {
        write(context.response(), result.result());
      } else {
        errors.send(context.response(), result.cause());
      }
    });
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
