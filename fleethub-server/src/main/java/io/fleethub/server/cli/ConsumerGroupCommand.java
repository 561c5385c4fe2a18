package io.fleethub.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fleethub consumer-group ...}: the consumer groups of the hub's built-in endpoint, in the spirit of
 * {@code az iot hub consumer-group}. Each prints as {@code {"name": .., "createdTime": ..}}.
 */
@Command(name = "consumer-group", mixinStandardHelpOptions = true,
    description = "Create, show, list and delete the consumer groups of the built-in endpoint.")
final class ConsumerGroupCommand {
  static final String CONSUMER_GROUPS_PATH = "/$fleethub/consumergroups";

  @Mixin
  HubTargetOptions target;

  @Spec
  CommandSpec spec;

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Print the consumer groups.")
  int list() {
    print(client().get(CONSUMER_GROUPS_PATH));
    return 0;
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a consumer group.")
  int show(@Option(names = "--name", required = true, paramLabel = "GROUP",
      description = "The group's name.") String name) {
    print(client().get(groupPath(name)));
    return 0;
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a consumer group; prints it.")
  int create(@Option(names = "--name", required = true, paramLabel = "GROUP",
      description = "The group's name: 1 to 50 letters, digits, '.', '-' or '_'.") String name) {
    print(client().put(groupPath(name), JsonOutput.field("name", name)));
    return 0;
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a consumer group.")
  int delete(@Option(names = "--name", required = true, paramLabel = "GROUP",
      description = "The group's name.") String name) {
    client().delete(groupPath(name));
    return 0;
  }

  private static String groupPath(String name) {
    return CONSUMER_GROUPS_PATH + HubClient.path(name);
  }

  private HubClient client() {
    return new HubClient(HubTarget.resolve(target), Clock.systemUTC());
  }

  private void print(JsonNode node) {
    if (!node.isNull()) {
      JsonOutput.print(spec.commandLine().getOut(), node);
    }
  }
}
