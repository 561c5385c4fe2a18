package io.fleethub.transport.http.service;

import static io.fleethub.transport.http.service.ServiceCalls.requiring;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.auth.AccessRight;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.methods.DirectMethods;
import io.fleethub.core.methods.MethodCall;
import io.fleethub.transport.http.ErrorResponder;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code POST /twins/{id}/methods} and {@code POST /twins/{id}/modules/{mid}/methods}: a direct method call on a
 * device or module, with ServiceConnect (IoT Hub's permission for the service-facing endpoints).
 *
 * <p>200 with {@code {"status", "payload"}} once the device answers (see {@link MethodJsonMapper}). A device that
 * does not connect and subscribe within the connect timeout gets 404 DeviceNotOnline (404103), one that does not
 * answer within the response timeout 504 GatewayTimeout (504101), both in IoT Hub's numbered error form (see
 * {@link ErrorResponder#sendWithErrorNumber}) so that the Java SDK's exception carries the six-digit code; an
 * unregistered identity gets 404 DeviceNotFound or ModuleNotFound, a bad body 400 ArgumentInvalid, as elsewhere.
 *
 * <p>The call is handed to the core on a worker thread (the registry look-up blocks); no thread then waits for the
 * device: the reply is written on the event loop when the core's future completes. Handlers run on the event loop.
 */
final class MethodResource {
  private final DirectMethods methods;
  private final ServiceCalls calls;
  private final MethodJsonMapper mapper;

  MethodResource(DirectMethods methods, ServiceCalls calls, MethodJsonMapper mapper) {
    this.methods = Objects.requireNonNull(methods, "methods");
    this.calls = Objects.requireNonNull(calls, "calls");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  void invoke(RoutingContext context) {
    String rawDeviceId = context.pathParam("deviceId");
    String rawModuleId = context.pathParam("moduleId");
    byte[] body = ServiceCalls.body(context);
    calls.runAsync(context, requiring(AccessRight.SERVICE_CONNECT), () -> {
      IdentityRef target = PathIds.identity(rawDeviceId, rawModuleId);
      MethodCall call = mapper.call(body);
      return methods.invoke(target, call).handle((result, failure) -> {
        if (failure != null) {
          throw new CallNotCompleted(ServiceCalls.unwrap(failure), call.connectTimeout());
        }
        return Reply.json(mapper.result(result));
      });
    }, this::refuse);
  }

  private void refuse(HttpServerResponse response, Throwable failure) {
    ErrorResponder errors = calls.errors();
    if (!(failure instanceof CallNotCompleted notCompleted)) {
      errors.send(response, failure);
      return;
    }
    if (notCompleted.getCause() instanceof HubException refusal && isNumbered(refusal.code())) {
      ObjectNode info = JsonNodeFactory.instance.objectNode();
      if (refusal.code() == ErrorCode.DEVICE_NOT_ONLINE) {
        info.put("timeout", timeSpan(notCompleted.connectTimeout));
      }
      errors.sendWithErrorNumber(response, refusal, info);
    } else {
      errors.send(response, notCompleted.getCause());
    }
  }

  private static boolean isNumbered(ErrorCode code) {
    return code == ErrorCode.DEVICE_NOT_ONLINE || code == ErrorCode.GATEWAY_TIMEOUT;
  }

  /** A duration as .NET writes a TimeSpan under a day, {@code hh:mm:ss}, as IoT Hub's error info shows it. */
  private static String timeSpan(Duration duration) {
    long seconds = duration.toSeconds();
    return String.format("%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }

  /** The core's refusal of a call it accepted, with the call's connect timeout for the error body. */
  private static final class CallNotCompleted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Duration connectTimeout;

    CallNotCompleted(Throwable cause, Duration connectTimeout) {
      super(cause.getMessage(), cause, false, false);
      this.connectTimeout = connectTimeout;
    }
  }
}
