package io.fleethub.core.auth;

import java.util.Set;

/** A back end authenticated by a token signed with a shared access policy's key. */
public record ServicePrincipal(String policyName, Set<AccessRight> rights) {
  public ServicePrincipal {
    rights = Set.copyOf(rights);
  }
}
