package io.fleethub.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fleethub invoke-method}: calls a direct method on a device or module and prints its answer,
 * {@code {"status": .., "payload": ..}}, in the spirit of {@code az iot hub invoke-device-method}. A device that
 * is not connected (404103 DeviceNotOnline) or does not answer in time (504101 GatewayTimeout) is an error.
 */
@Command(name = "invoke-method", mixinStandardHelpOptions = true,
    description = "Call a direct method on a device or module; prints its status and payload.")
final class InvokeMethodCommand implements Callable<Integer> {
  /** IoT Hub's bounds on both timeouts. */
  private static final int MIN_RESPONSE_SECONDS = 5;
  private static final int MAX_TIMEOUT_SECONDS = 300;
  /** Time for the HTTPS exchange around the call's own waiting. */
  private static final Duration HTTP_MARGIN = Duration.ofSeconds(30);

  @Mixin
  HubTargetOptions target;

  @Spec
  CommandSpec spec;

  @Option(names = "--device-id", required = true, paramLabel = "ID", description = "The device's id.")
  String deviceId;

  @Option(names = "--module-id", paramLabel = "ID", description = "The module's id, to call a module's method.")
  String moduleId;

  @Option(names = "--method-name", required = true, paramLabel = "NAME", description = "The method's name.")
  String methodName;

  @Option(names = "--method-payload", paramLabel = "JSON", defaultValue = "{}",
      description = "The JSON the method gets (default: ${DEFAULT-VALUE}).")
  String payload;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long the device has to answer, 5 to 300 (default: ${DEFAULT-VALUE}).")
  int responseTimeoutSeconds;

  @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "0",
      description = "How long to wait for the device to connect, 0 to 300 (default: ${DEFAULT-VALUE},"
          + " fail at once when it is not connected).")
  int connectTimeoutSeconds;

  @Override
  public Integer call() {
    if (responseTimeoutSeconds < MIN_RESPONSE_SECONDS || responseTimeoutSeconds > MAX_TIMEOUT_SECONDS) {
      throw new CliException("--timeout must be " + MIN_RESPONSE_SECONDS + " to " + MAX_TIMEOUT_SECONDS
          + " seconds, not " + responseTimeoutSeconds);
    }
    if (connectTimeoutSeconds < 0 || connectTimeoutSeconds > MAX_TIMEOUT_SECONDS) {
      throw new CliException("--connect-timeout must be 0 to " + MAX_TIMEOUT_SECONDS + " seconds, not "
          + connectTimeoutSeconds);
    }
    ObjectNode call = JsonOutput.JSON.createObjectNode()
        .put("methodName", methodName)
        .put("responseTimeoutInSeconds", responseTimeoutSeconds)
        .put("connectTimeoutInSeconds", connectTimeoutSeconds);
    call.set("payload", JsonArguments.value("--method-payload", payload));
    Duration wait = Duration.ofSeconds(responseTimeoutSeconds + connectTimeoutSeconds).plus(HTTP_MARGIN);
    HubClient client = new HubClient(HubTarget.resolve(target), Clock.systemUTC());
    JsonNode answer = client.post(TwinCommand.twinPath(deviceId, Optional.ofNullable(moduleId)) + "/methods", call,
        wait);
    JsonOutput.print(spec.commandLine().getOut(), answer);
    return 0;
  }
}
