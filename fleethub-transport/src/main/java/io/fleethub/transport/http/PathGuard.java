package io.fleethub.transport.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * The router's first handler: refuses, with 400 ArgumentInvalid in IoT Hub's form, a request whose path has a
 * malformed percent-escape. Clients that do not encode ids (the Java service SDK puts them in the URL as they
 * are) can send one; left to the router it would surface as an unexplained 500. Runs on the event loop.
 */
final class PathGuard {
  private final ErrorResponder errors;

  PathGuard(ErrorResponder errors) {
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  void handle(RoutingContext context) {
    String path = context.request().path();
    if (hasMalformedEscape(path)) {
      errors.send(context.response(), HttpError.badRequest("The request path '" + path
          + "' has a '%' that does not start a percent-escape; percent-encode ids that contain '%' as %25."));
      return;
    }
    context.next();
  }

  static boolean hasMalformedEscape(String path) {
    for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
      if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
          || Character.digit(path.charAt(i + 2), 16) < 0) {
        return true;
      }
    }
    return false;
  }
}
