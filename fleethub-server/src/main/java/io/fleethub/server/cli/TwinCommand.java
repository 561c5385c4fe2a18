package io.fleethub.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fleethub twin ...}: device and module twins over IoT Hub's service API, in the spirit of
 * {@code az iot hub device-twin} and {@code module-twin}.
 */
@Command(name = "twin", mixinStandardHelpOptions = true,
    description = "Show and update device and module twins.")
final class TwinCommand {
  @Mixin
  HubTargetOptions target;

  @Spec
  CommandSpec spec;

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a device's or module's twin.")
  int show(
      @Option(names = "--device-id", required = true, paramLabel = "ID",
          description = "The device's id.") String deviceId,
      @Option(names = "--module-id", paramLabel = "ID",
          description = "The module's id, for a module twin.") Optional<String> moduleId) {
    print(client().get(twinPath(deviceId, moduleId)));
    return 0;
  }

  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Merge desired properties and tags into a twin (null removes a key); prints the twin.")
  int update(
      @Option(names = "--device-id", required = true, paramLabel = "ID",
          description = "The device's id.") String deviceId,
      @Option(names = "--module-id", paramLabel = "ID",
          description = "The module's id, for a module twin.") Optional<String> moduleId,
      @Option(names = "--desired", paramLabel = "JSON",
          description = "Desired properties to merge, e.g. {\"interval\": 30}.") Optional<String> desired,
      @Option(names = "--tags", paramLabel = "JSON",
          description = "Tags to merge, e.g. {\"site\": \"berlin\"}.") Optional<String> tags,
      @Option(names = "--etag", paramLabel = "ETAG", defaultValue = "*",
          description = "Update only this version of the twin (default: ${DEFAULT-VALUE}, whatever the version).")
      String etag) {
    if (desired.isEmpty() && tags.isEmpty()) {
      throw new CliException("give --desired, --tags or both: the changes to make");
    }
    ObjectNode patch = JsonOutput.JSON.createObjectNode();
    tags.ifPresent(json -> patch.set("tags", JsonArguments.object("--tags", json)));
    desired.ifPresent(json -> patch.putObject("properties").set("desired", JsonArguments.object("--desired", json)));
    print(client().patch(twinPath(deviceId, moduleId), patch, etag));
    return 0;
  }

  /** {@code /twins/{id}} or {@code /twins/{id}/modules/{moduleId}}. */
  static String twinPath(String deviceId, Optional<String> moduleId) {
    return moduleId.map(module -> HubClient.path("twins", deviceId, "modules", module))
        .orElse(HubClient.path("twins", deviceId));
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
