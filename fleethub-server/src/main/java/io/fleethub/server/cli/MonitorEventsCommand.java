package io.fleethub.server.cli;

import io.fleethub.bench.service.ServiceAmqpConnection;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.qpid.proton.message.Message;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fleethub monitor-events}: prints the events devices send, read from the hub's built-in endpoint over AMQP
 * exactly as an Event Hubs client reads them, in the form {@code az iot hub monitor-events} prints them
 * ({@link EventJson}). The first line, on stderr, says the monitor has started; events go to stdout as they come,
 * one JSON document each. Stops after {@code --max-events}, after {@code --timeout}, or on Ctrl-C.
 */
@Command(name = "monitor-events", mixinStandardHelpOptions = true,
    description = "Print the telemetry devices send, from the hub's built-in endpoint.")
final class MonitorEventsCommand implements Callable<Integer> {
  static final String STARTED = "Starting event monitor, use ctrl-c to stop...";

  @Mixin
  HubTargetOptions target;

  @Mixin
  AmqpTargetOptions amqpTarget;

  @Spec
  CommandSpec spec;

  @Option(names = {"--device-id", "--device", "-d"}, paramLabel = "ID", description = "Only this device's events.")
  String deviceId;

  @Option(names = "--properties", description = "Also print each event's system and application properties and"
      + " its annotations.")
  boolean properties;

  @Option(names = "--consumer-group", paramLabel = "GROUP", defaultValue = "$Default",
      description = "The consumer group to read as (default: ${DEFAULT-VALUE}).")
  String consumerGroup;

  @Option(names = "--from", paramLabel = "TIME",
      description = "Where to start: earliest, latest, now, an ISO-8601 time such as 2024-05-01T10:00:00Z, or"
          + " milliseconds since the epoch (default: now, events enqueued from here on).")
  String from;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
      description = "Stop after this many seconds; 0 waits until Ctrl-C (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--max-events", paramLabel = "N", defaultValue = "0",
      description = "Stop after printing this many events; 0 for no limit (default: ${DEFAULT-VALUE}).")
  long maxEvents;

  @Override
  public Integer call() {
    if (timeoutSeconds < 0) {
      throw new CliException("--timeout must be 0 or more seconds, not " + timeoutSeconds);
    }
    if (maxEvents < 0) {
      throw new CliException("--max-events must be 0 or more, not " + maxEvents);
    }
    Clock clock = Clock.systemUTC();
    EventPosition position = from == null ? EventPosition.after(clock.instant()) : EventPosition.parse(from, clock);
    Optional<Instant> deadline =
        timeoutSeconds == 0 ? Optional.empty() : Optional.of(clock.instant().plusSeconds(timeoutSeconds));
    HubTarget hub = amqpTarget.resolve(target);
    try (ServiceAmqpConnection amqp = hub.openAmqp(clock)) {
      EventHubReader reader = EventHubReader.open(amqp, hub.hubName(), consumerGroup, position);
      PrintWriter err = spec.commandLine().getErr();
      err.println(STARTED);
      err.flush();
      print(reader, deadline, clock);
    }
    return 0;
  }

  /** Prints events until there are enough of them or the deadline passes. */
  private void print(EventHubReader reader, Optional<Instant> deadline, Clock clock) {
    PrintWriter out = spec.commandLine().getOut();
    long printed = 0;
    while (maxEvents == 0 || printed < maxEvents) {
      Optional<Duration> wait = deadline.map(end -> Duration.between(clock.instant(), end));
      if (wait.isPresent() && (wait.get().isNegative() || wait.get().isZero())) {
        return;
      }
      Optional<Message> event = reader.next(wait);
      if (event.isEmpty()) {
        return;
      }
      if (deviceId != null && !deviceId.equals(EventJson.deviceId(event.get()))) {
        continue;
      }
      JsonOutput.print(out, EventJson.of(event.get(), properties));
      printed++;
    }
  }
}
