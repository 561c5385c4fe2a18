package io.fleethub.transport.http.service;

import io.fleethub.core.Hub;
import io.fleethub.transport.http.CoreExecutor;
import io.fleethub.transport.http.ErrorResponder;
import io.fleethub.transport.http.HttpError;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Objects;

/**
 * The IoT Hub service REST API (identity registry, statistics, twins, direct methods, cloud-to-device queues), the
 * CA certificates IoT Hub manages through its ARM API ({@code /certificates}, see {@link CertificateResource}), and
 * Fleethub's {@code /$fleethub/policies} and {@code /$fleethub/consumergroups}, mounted on a router shared with the
 * hub's other HTTPS APIs. The {@code api-version} query parameter is accepted
 * with any value, or none. One handler class per resource; JSON in {@link RegistryJsonMapper} and
 * {@link CertificateJsonMapper}; refusals through the listener's {@link ErrorResponder}; core calls on worker
 * threads through {@link ServiceCalls}. Routes with a body read it through Vert.x's {@link BodyHandler}, which
 * also answers {@code Expect: 100-continue}; the server must therefore not answer it automatically as well.
 *
 * <p>{@code POST /twins/{id}} with {@code X-HTTP-Method-Override: PATCH} is a twin PATCH: the Java service SDK sends
 * its PATCH requests that way, as {@code HttpURLConnection} cannot send PATCH.
 */
public final class ServiceApi {
  /** The largest registry request body accepted; larger ones get 413 MessageTooLarge. */
  public static final int MAX_BODY_BYTES = 256 * 1024;

  private static final String DEVICE = "/devices/:deviceId";
  private static final String MODULE = DEVICE + "/modules/:moduleId";
  private static final String CERTIFICATE = "/certificates/:" + CertificateResource.NAME;
  private static final String TWIN = "/twins/:deviceId";
  private static final String MODULE_TWIN = TWIN + "/modules/:moduleId";
  private static final String CONSUMER_GROUPS = "/$fleethub/consumergroups";
  private static final String CONSUMER_GROUP = CONSUMER_GROUPS + "/:" + ConsumerGroupResource.NAME;
  private static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";

  private final Hub hub;
  private final CoreExecutor executor;
  private final ErrorResponder errors;

  public ServiceApi(Hub hub, CoreExecutor executor, ErrorResponder errors) {
    this.hub = Objects.requireNonNull(hub, "hub");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  /** Adds the API's routes to {@code router}. */
  public void mountOn(Router router) {
    ServiceCalls calls = new ServiceCalls(hub.accessControl(), executor, hub.deviceExecutors(), errors);
    RegistryJsonMapper mapper = new RegistryJsonMapper();
    DeviceResource devices = new DeviceResource(hub.registry(), calls, mapper);
    ModuleResource modules = new ModuleResource(hub.registry(), calls, mapper);
    StatisticsResource statistics = new StatisticsResource(hub.registry(), calls, mapper);
    PolicyResource policies = new PolicyResource(hub.policies(), calls, mapper);
    CertificateResource certificates =
        new CertificateResource(hub.caCertificates(), calls, new CertificateJsonMapper());
    TwinResource twins = new TwinResource(hub.twins(), calls, new TwinJsonMapper());
    MethodResource methods = new MethodResource(hub.directMethods(), calls, new MethodJsonMapper());
    CloudToDeviceQueueResource queues =
        new CloudToDeviceQueueResource(hub.cloudToDevice(), calls, new CloudToDeviceJsonMapper());
    ConsumerGroupResource consumerGroups =
        new ConsumerGroupResource(hub.consumerGroups(), calls, new ConsumerGroupJsonMapper());
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);

    router.get("/devices").handler(devices::list);
    router.get("/devices/").handler(devices::list);
    router.get(DEVICE).handler(devices::get);
    router.put(DEVICE).handler(body).handler(devices::put).failureHandler(this::bodyFailure);
    router.delete(DEVICE).handler(devices::delete);

    router.get(DEVICE + "/modules").handler(modules::list);
    router.get(MODULE).handler(modules::get);
    router.put(MODULE).handler(body).handler(modules::put).failureHandler(this::bodyFailure);
    router.delete(MODULE).handler(modules::delete);

    router.delete(DEVICE + "/commands").handler(queues::purge);
    router.delete(MODULE + "/commands").handler(queues::purge);
    mountTwins(router, twins, methods, body);

    router.get("/statistics/devices").handler(statistics::devices);
    router.get("/statistics/service").handler(statistics::service);

    router.get("/$fleethub/policies").handler(policies::list);
    router.get(CONSUMER_GROUPS).handler(consumerGroups::list);
    router.get(CONSUMER_GROUP).handler(consumerGroups::get);
    router.put(CONSUMER_GROUP).handler(body).handler(consumerGroups::create).failureHandler(this::bodyFailure);
    router.delete(CONSUMER_GROUP).handler(consumerGroups::delete);

    router.get("/certificates").handler(certificates::list);
    router.get(CERTIFICATE).handler(certificates::get);
    router.put(CERTIFICATE).handler(body).handler(certificates::put).failureHandler(this::bodyFailure);
    router.delete(CERTIFICATE).handler(certificates::delete);
    router.post(CERTIFICATE + "/generateVerificationCode").handler(body)
        .handler(certificates::generateVerificationCode).failureHandler(this::bodyFailure);
    router.post(CERTIFICATE + "/verify").handler(body).handler(certificates::verify)
        .failureHandler(this::bodyFailure);
  }

  /** The twin and direct method routes, the same for a device ({@code /twins/{id}}) and a module. */
  private void mountTwins(Router router, TwinResource twins, MethodResource methods, BodyHandler body) {
    for (String twin : List.of(TWIN, MODULE_TWIN)) {
      router.get(twin).handler(twins::get);
      router.patch(twin).handler(body).handler(twins::patch).failureHandler(this::bodyFailure);
      router.post(twin).handler(body).handler(context -> patchOverride(context, twins::patch))
          .failureHandler(this::bodyFailure);
      router.put(twin).handler(body).handler(twins::replace).failureHandler(this::bodyFailure);
      router.post(twin + "/methods").handler(body).handler(methods::invoke).failureHandler(this::bodyFailure);
    }
  }

  /** Serves a POST that overrides its method to PATCH with {@code patch}; refuses any other POST with 405. */
  private void patchOverride(RoutingContext context, Handler<RoutingContext> patch) {
    String override = context.request().getHeader(METHOD_OVERRIDE);
    if (override != null && override.trim().equalsIgnoreCase("PATCH")) {
      patch.handle(context);
    } else {
      errors.send(context.response(), HttpError.methodNotAllowed("POST", context.request().path()));
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
