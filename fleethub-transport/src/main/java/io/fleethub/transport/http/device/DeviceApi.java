package io.fleethub.transport.http.device;

import io.fleethub.core.Hub;
import io.fleethub.transport.http.CoreExecutor;
import io.fleethub.transport.http.ErrorResponder;
import io.fleethub.transport.http.HttpError;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Objects;

/**
 * IoT Hub's HTTPS device API, mounted on the router shared with the hub's other HTTPS APIs: telemetry
 * ({@link TelemetryResource}), the cloud-to-device queue ({@link CloudToDeviceResource}) and file upload
 * ({@link FileUploadResource}), each for a device
 * ({@code /devices/{id}/...}) and a module ({@code /devices/{id}/modules/{mid}/...}). The literal parts of the paths
 * match in any case (the docs write {@code deviceBound}, the SDKs {@code devicebound}); ids are case-sensitive.
 * Any {@code api-version}, or none, is accepted. Every request authenticates on its own ({@link DeviceAccess}).
 */
public final class DeviceApi {
  /**
   * The largest request body read; a larger one gets 413 MessageTooLarge. It leaves room for a batch's JSON and
   * base64 around the 256 KB of messages it may carry, which {@link TelemetryResource} counts exactly.
   */
  public static final int MAX_BODY_BYTES = 512 * 1024;

  static final String DEVICE_ID = "deviceId";
  static final String MODULE_ID = "moduleId";
  static final String LOCK_TOKEN = "lockToken";

  private static final String DEVICE = "(?i)/devices/(?<" + DEVICE_ID + ">[^/]+)";
  private static final String MODULE = DEVICE + "/modules/(?<" + MODULE_ID + ">[^/]+)";
  private static final String EVENTS = "/messages/events";
  private static final String DEVICEBOUND = "/messages/devicebound";
  private static final String LOCKED = DEVICEBOUND + "/(?<" + LOCK_TOKEN + ">[^/]+)";
  private static final String FILES = "/files";
  private static final String NOTIFICATIONS = FILES + "/notifications";

  private final Hub hub;
  private final CoreExecutor executor;
  private final ErrorResponder errors;

  public DeviceApi(Hub hub, CoreExecutor executor, ErrorResponder errors) {
    this.hub = Objects.requireNonNull(hub, "hub");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  /** Adds the API's routes to {@code router}. */
  public void mountOn(Router router) {
    DeviceAccess access = new DeviceAccess(hub.deviceAuthenticator(), hub.registryStore(), hub.identity());
    DeviceCalls calls = new DeviceCalls(access, new RequestActivity(hub.registryStore(), hub.clock()), executor,
        hub.deviceExecutors(), errors);
    TelemetryResource telemetry = new TelemetryResource(hub.telemetry(), calls);
    CloudToDeviceResource cloudToDevice = new CloudToDeviceResource(hub.cloudToDevice(), calls);
    FileUploadResource files = new FileUploadResource(hub.fileUploads(), calls);
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);

    for (String identity : List.of(DEVICE, MODULE)) {
      router.postWithRegex(identity + EVENTS).handler(body).handler(telemetry::send)
          .failureHandler(this::bodyFailure);
      router.getWithRegex(identity + DEVICEBOUND).handler(cloudToDevice::receive);
      router.deleteWithRegex(identity + LOCKED).handler(body).handler(cloudToDevice::settle)
          .failureHandler(this::bodyFailure);
      router.postWithRegex(identity + LOCKED + "/abandon").handler(body).handler(cloudToDevice::abandon)
          .failureHandler(this::bodyFailure);
      router.postWithRegex(identity + FILES).handler(body).handler(files::start).failureHandler(this::bodyFailure);
      router.postWithRegex(identity + NOTIFICATIONS).handler(body).handler(files::notifyInBody)
          .failureHandler(this::bodyFailure);
      router.postWithRegex(identity + NOTIFICATIONS + "/(?<" + FileUploadResource.CORRELATION_ID + ">[^/]+)")
          .handler(body).handler(files::notifyInPath).failureHandler(this::bodyFailure);
    }
  }

  private void bodyFailure(RoutingContext context) {
    if (context.statusCode() == 413) {
      errors.send(context.response(), HttpError.bodyTooLarge(MAX_BODY_BYTES));
    } else {
      errors.sendRoutingFailure(context);
    }
  }
}
