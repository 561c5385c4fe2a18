package io.fleethub.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.bench.service.ServiceAmqpConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fleethub c2d send}: a cloud-to-device message sent over AMQP as the Azure service SDKs send it, in the
 * spirit of {@code az iot device c2d-message send}. Prints {@code {"messageId": ..}} once the hub queued it; with
 * {@code --wait-for-feedback}, also the feedback records about it, {@code "feedback": [..]}.
 */
@Command(name = "c2d", mixinStandardHelpOptions = true,
    description = "Send cloud-to-device messages to devices and modules.")
final class CloudToDeviceCommand {
  static final String ACK_PROPERTY = "iothub-ack";
  private static final Set<String> ACKS = Set.of("none", "positive", "negative", "full");

  @Mixin
  HubTargetOptions target;

  @Spec
  CommandSpec spec;

  /** The body: exactly one of text or a file. */
  static final class Body {
    @Option(names = "--data", paramLabel = "TEXT", required = true,
        description = "The message body, sent as UTF-8 text.")
    String text;

    @Option(names = "--data-file", paramLabel = "FILE", required = true,
        description = "A file whose bytes are the message body.")
    Path file;

    byte[] bytes() {
      if (text != null) {
        return text.getBytes(StandardCharsets.UTF_8);
      }
      try {
        return Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        throw new CliException("data file " + file.toAbsolutePath() + " does not exist");
      } catch (IOException e) {
        throw new CliException("cannot read data file " + file.toAbsolutePath() + ": " + e.getMessage());
      }
    }
  }

  /** {@code --wait-for-feedback [--timeout SECONDS]}. */
  static final class Feedback {
    @Option(names = "--wait-for-feedback", required = true,
        description = "Wait for the hub's feedback about the message (ask for it with --ack), and print it.")
    boolean wait;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
        description = "Give up waiting for feedback after this many seconds; 0 waits until Ctrl-C"
            + " (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;
  }

  @Command(name = "send", mixinStandardHelpOptions = true,
      description = "Send a message to a device's (or module's) cloud-to-device queue; prints its message id once"
          + " the hub queued it.")
  int send(
      @Option(names = "--device-id", required = true, paramLabel = "ID",
          description = "The device's id.") String deviceId,
      @Option(names = "--module-id", paramLabel = "ID",
          description = "The module's id, to send to a module.") Optional<String> moduleId,
      @ArgGroup(exclusive = true, multiplicity = "1") Body body,
      @Option(names = "--property", paramLabel = "KEY=VALUE",
          description = "An application property; repeat for more.") Map<String, String> properties,
      @Option(names = "--message-id", paramLabel = "ID",
          description = "The message id, which feedback refers to (default: a new UUID).") Optional<String> messageId,
      @Option(names = "--correlation-id", paramLabel = "ID",
          description = "The correlation id.") Optional<String> correlationId,
      @Option(names = "--content-type", paramLabel = "TYPE",
          description = "The body's content type, e.g. application/json.") Optional<String> contentType,
      @Option(names = "--content-encoding", paramLabel = "ENCODING",
          description = "The body's content encoding, e.g. utf-8.") Optional<String> contentEncoding,
      @Option(names = "--ack", paramLabel = "ACK",
          description = "Which outcomes to get feedback about: none, positive, negative or full (default: none).")
      Optional<String> ack,
      @Option(names = "--expiry", paramLabel = "SECONDS",
          description = "The message expires this many seconds from now (default: the hub's time to live).")
      Optional<Long> expirySeconds,
      @ArgGroup(exclusive = false) Feedback feedback,
      @Mixin AmqpTargetOptions amqpTarget) {
    if (feedback != null && feedback.timeoutSeconds < 0) {
      throw new CliException("--timeout must be 0 or more seconds, not " + feedback.timeoutSeconds);
    }
    Clock clock = Clock.systemUTC();
    String id = messageId.orElseGet(() -> UUID.randomUUID().toString());
    Message message = message(deviceId, moduleId, body.bytes(), id, correlationId, contentType, contentEncoding,
        properties == null ? Map.of() : properties, ack.map(CloudToDeviceCommand::ack), expirySeconds, clock);
    String description = "message '" + id + "' for " + describe(deviceId, moduleId);
    ObjectNode result = JsonOutput.field("messageId", id);
    try (ServiceAmqpConnection amqp = amqpTarget.resolve(target).openAmqp(clock)) {
      CloudToDeviceSender sender = CloudToDeviceSender.open(amqp);
      Optional<FeedbackReceiver> feedbackReceiver =
          feedback == null ? Optional.empty() : Optional.of(FeedbackReceiver.open(amqp));
      sender.send(message, description);
      if (feedbackReceiver.isPresent()) {
        Optional<Duration> timeout = feedback.timeoutSeconds == 0 ? Optional.empty()
            : Optional.of(Duration.ofSeconds(feedback.timeoutSeconds));
        ArrayNode records = feedbackReceiver.get().awaitRecordsFor(id, timeout, clock);
        result.set("feedback", records);
      }
    }
    JsonOutput.print(spec.commandLine().getOut(), result);
    return 0;
  }

  /** The message as IoT Hub's service SDKs build it. */
  private static Message message(String deviceId, Optional<String> moduleId, byte[] body, String messageId,
      Optional<String> correlationId, Optional<String> contentType, Optional<String> contentEncoding,
      Map<String, String> properties, Optional<String> ack, Optional<Long> expirySeconds, Clock clock) {
    Message message = Proton.message();
    message.setAddress(moduleId.map(module -> "/devices/" + deviceId + "/modules/" + module + "/messages/devicebound")
        .orElse("/devices/" + deviceId + "/messages/devicebound"));
    message.setMessageId(messageId);
    correlationId.ifPresent(message::setCorrelationId);
    contentType.ifPresent(message::setContentType);
    contentEncoding.ifPresent(message::setContentEncoding);
    expirySeconds.ifPresent(seconds -> {
      if (seconds <= 0) {
        throw new CliException("--expiry must be a positive number of seconds, not " + seconds);
      }
      message.setExpiryTime(clock.instant().plusSeconds(seconds).toEpochMilli());
    });
    Map<String, Object> application = new LinkedHashMap<>(properties);
    ack.ifPresent(value -> application.put(ACK_PROPERTY, value));
    if (!application.isEmpty()) {
      message.setApplicationProperties(new ApplicationProperties(application));
    }
    message.setBody(new Data(new Binary(body)));
    return message;
  }

  private static String ack(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (!ACKS.contains(lower)) {
      throw new CliException("--ack must be none, positive, negative or full, not '" + value + "'");
    }
    return lower;
  }

  private static String describe(String deviceId, Optional<String> moduleId) {
    return moduleId.map(module -> "module '" + module + "' of device '" + deviceId + "'")
        .orElse("device '" + deviceId + "'");
  }
}
