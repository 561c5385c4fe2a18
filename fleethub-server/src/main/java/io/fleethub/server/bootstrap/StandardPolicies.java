package io.fleethub.server.bootstrap;

import io.fleethub.core.auth.AccessRight;
import io.fleethub.core.auth.KeyGenerator;
import io.fleethub.core.auth.PolicyStore;
import io.fleethub.core.auth.SharedAccessPolicy;
import io.fleethub.server.config.ConfigException;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The shared access policies a hub starts with, and the one its owner connection string uses. Stateless. */
public final class StandardPolicies {
  public static final String OWNER = "iothubowner";

  private static final Logger LOG = LoggerFactory.getLogger(StandardPolicies.class);

  private StandardPolicies() {}

  /**
   * Stores IoT Hub's five standard policies with fresh keys when the store holds no policy at all; a store that
   * holds any policy is left as it is. Returns true when it stored them.
   */
  public static boolean ensure(PolicyStore store, KeyGenerator keys) {
    if (!store.listPolicies().isEmpty()) {
      return false;
    }
    SharedAccessPolicy.generateStandard(keys).forEach(store::putPolicy);
    LOG.info("Created the standard shared access policies: {}", String.join(", ", SharedAccessPolicy.STANDARD_NAMES));
    return true;
  }

  /**
   * The policy the owner connection string is signed with: {@value #OWNER}, or else the first policy granting
   * every right. Throws {@link ConfigException} when there is none.
   */
  public static SharedAccessPolicy owner(PolicyStore store) {
    return store.findPolicy(OWNER)
        .or(() -> store.listPolicies().stream()
            .filter(policy -> policy.rights().containsAll(EnumSet.allOf(AccessRight.class)))
            .findFirst())
        .orElseThrow(() -> new ConfigException("the hub's database has no policy granting every right (such as "
            + OWNER + "), so no owner connection string can be made"));
  }
}
