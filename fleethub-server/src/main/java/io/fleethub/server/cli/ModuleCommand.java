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

/** {@code fleethub module ...}: module identities, in the spirit of {@code az iot hub module-identity}. */
@Command(name = "module", mixinStandardHelpOptions = true,
    description = "Create, show, list and delete a device's modules, and print their connection strings.")
final class ModuleCommand {
  @Mixin
  HubTargetOptions target;

  @Spec
  CommandSpec spec;

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a module; prints it.")
  int create(
      @Option(names = "--device-id", required = true, paramLabel = "ID",
          description = "The device's id.") String deviceId,
      @Option(names = "--module-id", required = true, paramLabel = "ID",
          description = "The module's id.") String moduleId,
      @Option(names = "--auth-method", paramLabel = "METHOD", defaultValue = "shared_private_key",
          description = "One of " + IdentityJson.AUTH_METHODS + " (default: ${DEFAULT-VALUE}).") String authMethod,
      @Option(names = "--primary-thumbprint", paramLabel = "HEX",
          description = "SHA-1 or SHA-256 thumbprint of the self-signed certificate (x509_thumbprint).")
      Optional<String> primaryThumbprint,
      @Option(names = "--secondary-thumbprint", paramLabel = "HEX",
          description = "The second thumbprint, for certificate rollover.") Optional<String> secondaryThumbprint) {
    ObjectNode body = JsonOutput.JSON.createObjectNode()
        .put("deviceId", deviceId)
        .put("moduleId", moduleId);
    body.set("authentication", IdentityJson.authentication(authMethod, primaryThumbprint, secondaryThumbprint));
    print(client().put(modulePath(deviceId, moduleId), body));
    return 0;
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a module.")
  int show(
      @Option(names = "--device-id", required = true, paramLabel = "ID",
          description = "The device's id.") String deviceId,
      @Option(names = "--module-id", required = true, paramLabel = "ID",
          description = "The module's id.") String moduleId) {
    print(client().get(modulePath(deviceId, moduleId)));
    return 0;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Print a device's modules.")
  int list(@Option(names = "--device-id", required = true, paramLabel = "ID",
      description = "The device's id.") String deviceId) {
    print(client().get(HubClient.path("devices", deviceId, "modules")));
    return 0;
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a module.")
  int delete(
      @Option(names = "--device-id", required = true, paramLabel = "ID",
          description = "The device's id.") String deviceId,
      @Option(names = "--module-id", required = true, paramLabel = "ID",
          description = "The module's id.") String moduleId) {
    client().delete(modulePath(deviceId, moduleId));
    return 0;
  }

  @Command(name = "connection-string", mixinStandardHelpOptions = true,
      description = "Print the module's connection string.")
  int connectionString(
      @Option(names = "--device-id", required = true, paramLabel = "ID",
          description = "The device's id.") String deviceId,
      @Option(names = "--module-id", required = true, paramLabel = "ID",
          description = "The module's id.") String moduleId,
      @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "primary",
          description = "primary or secondary (default: ${DEFAULT-VALUE}).") String keyType) {
    HubClient client = client();
    String connectionString = IdentityJson.connectionString(client.target().hostName(),
        client.get(modulePath(deviceId, moduleId)), keyType);
    print(JsonOutput.field("connectionString", connectionString));
    return 0;
  }

  private static String modulePath(String deviceId, String moduleId) {
    return HubClient.path("devices", deviceId, "modules", moduleId);
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
