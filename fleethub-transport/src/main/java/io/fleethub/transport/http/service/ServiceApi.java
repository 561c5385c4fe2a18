package io.fleethub.transport.http.service;

import io.fleethub.core.Hub;
import io.fleethub.transport.http.CoreExecutor;
import io.fleethub.transport.http.ErrorResponder;
import io.fleethub.transport.http.HttpError;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Objects;

/**
 * The IoT Hub service REST API (identity registry and statistics), the CA certificates IoT Hub manages through its
 * ARM API ({@code /certificates}, see {@link CertificateResource}), and Fleethub's {@code /$fleethub/policies},
 * mounted on a router shared with the hub's other HTTPS APIs. The {@code api-version} query parameter is accepted
 * with any value, or none. One handler class per resource; JSON in {@link RegistryJsonMapper} and
 * {@link CertificateJsonMapper}; refusals through the listener's {@link ErrorResponder}; core calls on worker
 * threads through {@link ServiceCalls}. Routes with a body read it through Vert.x's {@link BodyHandler}, which
 * also answers {@code Expect: 100-continue}; the server must therefore not answer it automatically as well.
 */
public final class ServiceApi {
  /** The largest registry request body accepted; larger ones get 413 MessageTooLarge. */
  public static final int MAX_BODY_BYTES = 256 * 1024;

  private static final String DEVICE = "/devices/:deviceId";
  private static final String MODULE = DEVICE + "/modules/:moduleId";
  private static final String CERTIFICATE = "/certificates/:" + CertificateResource.NAME;

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
    ServiceCalls calls = new ServiceCalls(hub.accessControl(), executor, errors);
    RegistryJsonMapper mapper = new RegistryJsonMapper();
    DeviceResource devices = new DeviceResource(hub.registry(), calls, mapper);
    ModuleResource modules = new ModuleResource(hub.registry(), calls, mapper);
    StatisticsResource statistics = new StatisticsResource(hub.registry(), calls, mapper);
    PolicyResource policies = new PolicyResource(hub.policies(), calls, mapper);
    CertificateResource certificates =
        new CertificateResource(hub.caCertificates(), calls, new CertificateJsonMapper());
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

    router.get("/statistics/devices").handler(statistics::devices);
    router.get("/statistics/service").handler(statistics::service);

    router.get("/$fleethub/policies").handler(policies::list);

    router.get("/certificates").handler(certificates::list);
    router.get(CERTIFICATE).handler(certificates::get);
    router.put(CERTIFICATE).handler(body).handler(certificates::put).failureHandler(this::bodyFailure);
    router.delete(CERTIFICATE).handler(certificates::delete);
    router.post(CERTIFICATE + "/generateVerificationCode").handler(body)
        .handler(certificates::generateVerificationCode).failureHandler(this::bodyFailure);
    router.post(CERTIFICATE + "/verify").handler(body).handler(certificates::verify)
        .failureHandler(this::bodyFailure);
  }

  private void bodyFailure(RoutingContext context) {
    if (context.statusCode() == 413) {
      errors.send(context.response(), HttpError.bodyTooLarge(MAX_BODY_BYTES));
    } else {
      errors.sendRoutingFailure(context);
    }
  }
}
