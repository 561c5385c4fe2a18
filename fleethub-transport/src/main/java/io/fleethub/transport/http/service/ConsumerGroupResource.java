package io.fleethub.transport.http.service;

import static io.fleethub.transport.http.service.ServiceCalls.requiring;

import io.fleethub.core.auth.AccessRight;
import io.fleethub.core.consumergroups.ConsumerGroup;
import io.fleethub.core.consumergroups.ConsumerGroups;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * {@code /$fleethub/consumergroups} and {@code /$fleethub/consumergroups/{name}}, a Fleethub extension beside
 * {@code /$fleethub/policies}: the consumer groups of the built-in endpoint, which IoT Hub manages through its ARM
 * API instead.
 *
 * <ul>
 *   <li>GET lists them (in creation order, {@code $Default} first) or reads one (404 NotFound), with ServiceConnect:
 *       whoever may read the built-in endpoint may see which groups it can read with.
 *   <li>PUT creates one and answers 201 with it (no body needed); DELETE deletes one and answers 204. Both need a
 *       policy with every right, like the policy listing: on IoT Hub only the hub's owner changes its configuration,
 *       through ARM, and no data-plane permission covers it, so Fleethub asks for its owner policy
 *       ({@code iothubowner}), not for the ServiceConnect that every back end holds.
 *   <li>Names are compared ignoring case everywhere ({@code $default} is {@code $Default}). Refusals from
 *       {@link ConsumerGroups}: 400 ArgumentInvalid for creating a name no group may have (reading or deleting one
 *       finds nothing: 404), 409 Conflict when the name is taken (ignoring case), 403 Forbidden at {@value ConsumerGroups#MAX_GROUPS} groups, 404 NotFound,
 *       400 InvalidOperation for deleting {@code $Default}.
 * </ul>
 *
 * Handlers run on the event loop.
 */
final class ConsumerGroupResource {
  static final String NAME = "consumerGroup";

  private final ConsumerGroups groups;
  private final ServiceCalls calls;
  private final ConsumerGroupJsonMapper mapper;

  ConsumerGroupResource(ConsumerGroups groups, ServiceCalls calls, ConsumerGroupJsonMapper mapper) {
    this.groups = Objects.requireNonNull(groups, "groups");
    this.calls = Objects.requireNonNull(calls, "calls");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  void list(RoutingContext context) {
    calls.run(context, requiring(AccessRight.SERVICE_CONNECT), () -> Reply.json(mapper.groups(groups.list())));
  }

  void get(RoutingContext context) {
    String name = context.pathParam(NAME);
    calls.run(context, requiring(AccessRight.SERVICE_CONNECT), () -> {
      ConsumerGroup group = groups.find(name).orElseThrow(() -> new HubException(ErrorCode.NOT_FOUND,
          "There is no consumer group '" + name + "'."));
      return Reply.json(mapper.group(group));
    });
  }

  void create(RoutingContext context) {
    String name = context.pathParam(NAME);
    calls.run(context, ServiceCalls.requiringAllRights(), () -> Reply.json(201, mapper.group(groups.create(name))));
  }

  void delete(RoutingContext context) {
    String name = context.pathParam(NAME);
    calls.run(context, ServiceCalls.requiringAllRights(), () -> {
      groups.delete(name);
      return Reply.noContent();
    });
  }
}
