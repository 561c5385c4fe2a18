package io.fleethub.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fleethub bench}: a load generator for the hub or any MQTT broker. Scenarios: {@code telemetry} and
 * {@code idle} for any target; {@code methods} and {@code c2d}, where the bench is also the hub's back end, for a
 * hub only; {@code compare} and {@code count-events} help scripts that compare runs and check durability.
 * See docs/benchmarks.md.
 *
 * <p>Errors a user can act on are thrown as {@link BenchException}; the command line that runs this command
 * prints them as one {@code error: ...} line with exit status 1 ({@link BenchMain} does).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Load-test the hub, or a plain MQTT broker, with many simulated MQTT devices over TLS.",
        "telemetry and idle drive any target; methods (direct methods over the service REST API) and c2d"
            + " (cloud-to-device messages over AMQP) also act as the hub's back end, so they need a hub."},
    subcommands = {TelemetryCommand.class, IdleCommand.class, MethodsCommand.class, CloudToDeviceCommand.class,
        CompareCommand.class, CountEventsCommand.class})
public final class BenchCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "Missing scenario: telemetry, idle, methods or c2d (or compare, count-events)");
  }
}
