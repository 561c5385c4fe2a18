package io.fleethub.amqp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.twin.DesiredPropertiesChange;
import io.fleethub.core.twin.ReportedPatch;
import io.vertx.proton.ProtonQoS;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's twin over AMQP, on the link pair at {@code /devices/{id}[/modules/{mid}]/twin}. Requests arrive on the
 * device's sender with a {@code correlation-id} and the annotations {@code operation} and {@code resource}:
 * <ul>
 *   <li>{@code GET}: the twin's desired and reported properties (status 200);
 *   <li>{@code PATCH} of {@code /properties/reported}: merges the body, a JSON object, into the reported properties
 *       (status 204, with their new {@code version}); a {@code version} annotation is the reported version the
 *       patch is based on, and a different current one refuses it with 412, as {@code $version} does over MQTT;
 *   <li>{@code PUT} / {@code DELETE} of {@code /notifications/twin/properties/desired}: starts / stops desired-property
 *       notifications (status 200).
 * </ul>
 * Replies leave on the device's receiver with the request's {@code correlation-id} and the annotations
 * {@code status} and, when known, {@code version}; a refusal carries IoT Hub's error JSON. A desired-property
 * change goes out on the same link without a correlation id, annotated {@code resource=/properties/desired} and its
 * {@code version}, with the patch (and its {@code $version}) as the body; versions only ever increase.
 *
 * <p>Confined to the connection's context; the twin is read and written on the device's lane.
 */
final class TwinChannel {
  private static final Logger log = LoggerFactory.getLogger(TwinChannel.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Symbol OPERATION = Symbol.valueOf("operation");
  private static final Symbol RESOURCE = Symbol.valueOf("resource");
  private static final Symbol VERSION = Symbol.valueOf("version");
  private static final Symbol STATUS = Symbol.valueOf("status");
  static final String REPORTED = "/properties/reported";
  static final String DESIRED = "/properties/desired";
  static final String DESIRED_NOTIFICATIONS = "/notifications/twin/properties/desired";
  private static final int REQUEST_CREDIT = 16;
  private static final long MAX_REQUEST_BYTES = 64 * 1024;
  private static final byte[] NO_BODY = new byte[0];

  private final AmqpConnection connection;
  private final DeviceSession device;
  private ProtonSender replies;
  private AutoCloseable desiredSubscription;
  private long lastDesiredVersion;

  /** What a request is answered with. */
  private record Answer(int status, byte[] body, Optional<Long> version) {}

  TwinChannel(AmqpConnection connection, DeviceSession device) {
    this.connection = connection;
    this.device = device;
  }

  /** The device's sender of twin requests. */
  DeviceLinks.Link attachRequests(ProtonReceiver receiver) {
    receiver.setTarget(receiver.getRemoteTarget());
    receiver.setSource(receiver.getRemoteSource());
    receiver.setQoS(ProtonQoS.AT_LEAST_ONCE);
    receiver.setPrefetch(REQUEST_CREDIT);
    receiver.setAutoAccept(true);
    receiver.setMaxMessageSize(UnsignedLong.valueOf(MAX_REQUEST_BYTES));
    receiver.handler((delivery, request) -> serve(request));
    receiver.open();
    return new ChannelLink(receiver, () -> { });
  }

  /** The device's receiver of replies and desired-property notifications. */
  DeviceLinks.Link attachReplies(ProtonSender sender) {
    sender.setSource(sender.getRemoteSource());
    sender.setTarget(sender.getRemoteTarget());
    sender.setQoS(ProtonQoS.AT_LEAST_ONCE);
    sender.open();
    replies = sender;
    return new ChannelLink(sender, () -> {
      if (replies == sender) {
        replies = null;
        unsubscribe();
      }
    });
  }

  /** Stops desired-property notifications. Idempotent. */
  void stop() {
    replies = null;
    unsubscribe();
  }

  private void serve(Message request) {
    device.noteActivity();
    Object correlationId = request.getCorrelationId();
    String operation = annotation(request, OPERATION);
    String resource = annotation(request, RESOURCE);
    if ("GET".equalsIgnoreCase(operation)) {
      answerFromLane(correlationId, () ->
          new Answer(200, json(connection.services().twins().deviceTwin(device.identity())), Optional.empty()));
    } else if ("PATCH".equalsIgnoreCase(operation) && REPORTED.equalsIgnoreCase(resource)) {
      byte[] body;
      try {
        body = DeviceMessages.bodyOf(request);
      } catch (IllegalArgumentException e) {
        reply(correlationId, refusal(new HubException(ErrorCode.ARGUMENT_INVALID, e.getMessage())));
        return;
      }
      String version = annotation(request, VERSION);
      answerFromLane(correlationId, () -> {
        long updated = connection.services().twins()
            .updateReported(device.identity(), ReportedPatch.parse(body), expectedVersion(version));
        return new Answer(204, NO_BODY, Optional.of(updated));
      });
    } else if ("PUT".equalsIgnoreCase(operation) && DESIRED_NOTIFICATIONS.equalsIgnoreCase(resource)) {
      subscribe();
      reply(correlationId, new Answer(200, NO_BODY, Optional.empty()));
    } else if ("DELETE".equalsIgnoreCase(operation) && DESIRED_NOTIFICATIONS.equalsIgnoreCase(resource)) {
      unsubscribe();
      reply(correlationId, new Answer(200, NO_BODY, Optional.empty()));
    } else {
      reply(correlationId, refusal(new HubException(ErrorCode.ARGUMENT_INVALID, "The twin request's operation '"
          + operation + "' on '" + resource + "' is not one of GET, PATCH " + REPORTED + ", PUT or DELETE "
          + DESIRED_NOTIFICATIONS + ".")));
    }
  }

  private void answerFromLane(Object correlationId, Supplier<Answer> work) {
    DeviceTokens.onLane(connection.services(), connection.context(), device.identity(), work)
        .onComplete(done -> reply(correlationId, done.succeeded() ? done.result() : refusal(done.cause())));
  }

  private void reply(Object correlationId, Answer answer) {
    if (replies == null || !replies.isOpen()) {
      log.debug("Twin answer {} of {} not sent: no twin receiver link", answer.status(), device.identity());
      return;
    }
    Message message = Proton.message();
    if (correlationId != null) {
      message.setCorrelationId(correlationId);
    }
    Map<Symbol, Object> annotations = new HashMap<>();
    annotations.put(STATUS, answer.status());
    answer.version().ifPresent(version -> annotations.put(VERSION, version));
    message.setMessageAnnotations(new MessageAnnotations(annotations));
    message.setBody(new Data(new Binary(answer.body())));
    replies.send(message);
  }

  private void subscribe() {
    if (desiredSubscription == null) {
      desiredSubscription = connection.services().twinNotifications().subscribe(device.identity(),
          change -> connection.context().runOnContext(nothing -> notifyDesired(change)));
    }
  }

  private void unsubscribe() {
    if (desiredSubscription == null) {
      return;
    }
    try {
      desiredSubscription.close();
    } catch (Exception e) {
      log.debug("Could not end the desired-property subscription of {}", device.identity(), e);
    }
    desiredSubscription = null;
  }

  private void notifyDesired(DesiredPropertiesChange change) {
    if (desiredSubscription == null || replies == null || !replies.isOpen()) {
      return;
    }
    if (change.version() <= lastDesiredVersion) {
      log.debug("Desired properties version {} of {} not sent: version {} was sent already", change.version(),
          device.identity(), lastDesiredVersion);
      return;
    }
    lastDesiredVersion = change.version();
    Message message = Proton.message();
    message.setMessageId(UUID.randomUUID());
    Map<Symbol, Object> annotations = new HashMap<>();
    annotations.put(RESOURCE, DESIRED);
    annotations.put(VERSION, change.version());
    message.setMessageAnnotations(new MessageAnnotations(annotations));
    message.setBody(new Data(new Binary(json(change.patch()))));
    replies.send(message);
  }

  private Answer refusal(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof HubException refused) {
      log.debug("Twin request of {} refused: {}", device.identity(), refused.getMessage());
      return new Answer(refused.code().httpStatus(), errorBody(refused.code(), refused.getMessage()),
          Optional.empty());
    }
    log.warn("A twin request of {} failed", device.identity(), cause);
    return new Answer(ErrorCode.SERVER_ERROR.httpStatus(),
        errorBody(ErrorCode.SERVER_ERROR, "The hub could not serve the twin request; try again."), Optional.empty());
  }

  /** IoT Hub's error JSON, as over MQTT and HTTPS. */
  private byte[] errorBody(ErrorCode code, String message) {
    Instant now = connection.services().clock().instant();
    ObjectNode body = JSON.createObjectNode()
        .put("errorCode", code.number())
        .put("trackingId", AmqpErrors.trackingId())
        .put("message", message)
        .put("timestampUtc", now.toString());
    return json(body);
  }

  private static String annotation(Message message, Symbol key) {
    MessageAnnotations annotations = message.getMessageAnnotations();
    Object value = annotations == null || annotations.getValue() == null ? null : annotations.getValue().get(key);
    return value == null ? null : value.toString();
  }

  private static OptionalLong expectedVersion(String version) {
    if (version == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(version.trim()));
    } catch (NumberFormatException e) {
      throw new HubException(ErrorCode.ARGUMENT_INVALID,
          "The version of the reported properties patch must be a number, not '" + version + "'.");
    }
  }

  private static byte[] json(JsonNode node) {
    try {
      return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree cannot fail to serialize", e);
    }
  }
}
