package io.fleethub.server.cli;

import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fleethub policy list}: the hub's shared access policies with their keys (needs an owner policy). */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Show the shared access policies.")
final class PolicyCommand {
  static final String POLICIES_PATH = "/$fleethub/policies";

  @Mixin
  HubTargetOptions target;

  @Spec
  CommandSpec spec;

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Print each policy's name, keys and rights.")
  int list() {
    HubClient client = new HubClient(HubTarget.resolve(target), Clock.systemUTC());
    JsonOutput.print(spec.commandLine().getOut(), client.get(POLICIES_PATH));
    return 0;
  }
}
