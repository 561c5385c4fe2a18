package io.fleethub.transport.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Runs calls into the hub core, which block on its stores, on Vert.x worker threads so that no event loop ever
 * waits for a store. Calls are not ordered with respect to each other. The returned future completes on the
 * caller's context (the event loop, when called from a request handler).
 */
public final class CoreExecutor {
  private final Vertx vertx;

  public CoreExecutor(Vertx vertx) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
  }

  public <T> Future<T> call(Callable<T> task) {
    return vertx.executeBlocking(task, false);
  }
}
