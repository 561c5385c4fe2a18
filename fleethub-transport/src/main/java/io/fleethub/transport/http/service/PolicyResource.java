package io.fleethub.transport.http.service;

import io.fleethub.core.auth.PolicyStore;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * {@code GET /$fleethub/policies}, a Fleethub extension for its CLI: the shared access policies with their keys
 * and rights. Since it reveals every key, it needs a token whose policy grants all four rights (403 otherwise).
 * Handlers run on the event loop.
 */
final class PolicyResource {
  private final PolicyStore policies;
  private final ServiceCalls calls;
  private final RegistryJsonMapper mapper;

  PolicyResource(PolicyStore policies, ServiceCalls calls, RegistryJsonMapper mapper) {
    this.policies = Objects.requireNonNull(policies, "policies");
    this.calls = Objects.requireNonNull(calls, "calls");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  void list(RoutingContext context) {
    calls.run(context, ServiceCalls.requiringAllRights(), () -> Reply.json(mapper.policies(policies.listPolicies())));
  }
}
