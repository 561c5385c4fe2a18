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

/** {@code fleethub device ...}: device identities, in the spirit of {@code az iot hub device-identity}. */
@Command(name = "device", mixinStandardHelpOptions = true,
    description = "Create, show, list and delete devices, and print their connection strings.")
final class DeviceCommand {
  @Mixin
  HubTargetOptions target;

  @Spec
  CommandSpec spec;

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a device; prints it.")
  int create(
      @Option(names = "--device-id", required = true, paramLabel = "ID",
          description = "The device's id.") String deviceId,
      @Option(names = "--edge", description = "Make it an IoT Edge device.") boolean edge,
      @Option(names = "--auth-method", paramLabel = "METHOD", defaultValue = "shared_private_key",
          description = "One of " + IdentityJson.AUTH_METHODS + " (default: ${DEFAULT-VALUE}).") String authMethod,
      @Option(names = "--primary-thumbprint", paramLabel = "HEX",
          description = "SHA-1 or SHA-256 thumbprint of the self-signed certificate (x509_thumbprint).")
      Optional<String> primaryThumbprint,
      @Option(names = "--secondary-thumbprint", paramLabel = "HEX",
          description = "The second thumbprint, for certificate rollover.") Optional<String> secondaryThumbprint,
      @Option(names = "--status", paramLabel = "STATUS", defaultValue = "enabled",
          description = "enabled or disabled (default: ${DEFAULT-VALUE}).") String status) {
    ObjectNode body = JsonOutput.JSON.createObjectNode()
        .put("deviceId", deviceId)
        .put("status", IdentityJson.status(status));
    body.set("authentication", IdentityJson.authentication(authMethod, primaryThumbprint, secondaryThumbprint));
    body.putObject("capabilities").put("iotEdge", edge);
    print(client().put(HubClient.path("devices", deviceId), body));
    return 0;
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a device.")
  int show(@Option(names = "--device-id", required = true, paramLabel = "ID",
      description = "The device's id.") String deviceId) {
    print(client().get(HubClient.path("devices", deviceId)));
    return 0;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Print the devices.")
  int list(@Option(names = "--top", paramLabel = "N", defaultValue = "1000",
      description = "At most this many (1 to 1000; default: ${DEFAULT-VALUE}).") int top) {
    print(client().get(HubClient.path("devices") + "?top=" + top));
    return 0;
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a device and its modules.")
  int delete(@Option(names = "--device-id", required = true, paramLabel = "ID",
      description = "The device's id.") String deviceId) {
    client().delete(HubClient.path("devices", deviceId));
    return 0;
  }

  @Command(name = "connection-string", mixinStandardHelpOptions = true,
      description = "Print the device's connection string.")
  int connectionString(
      @Option(names = "--device-id", required = true, paramLabel = "ID",
          description = "The device's id.") String deviceId,
      @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "primary",
          description = "primary or secondary (default: ${DEFAULT-VALUE}).") String keyType) {
    HubClient client = client();
    String connectionString = IdentityJson.connectionString(client.target().hostName(),
        client.get(HubClient.path("devices", deviceId)), keyType);
    print(JsonOutput.field("connectionString", connectionString));
    return 0;
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
