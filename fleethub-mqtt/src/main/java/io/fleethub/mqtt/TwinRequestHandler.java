package io.fleethub.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.twin.ReportedPatch;
import io.fleethub.core.twin.TwinService;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a connection's twin requests: a GET ({@code $iothub/twin/GET/?$rid={rid}}) is answered with
 * {@code $iothub/twin/res/200/?$rid={rid}} and the twin's desired and reported properties; a reported patch
 * ({@code $iothub/twin/PATCH/properties/reported/?$rid={rid}[&$version={v}]}) with
 * {@code $iothub/twin/res/204/?$rid={rid}&$version={new version}}. A refusal is answered with its status (400 for
 * a body that is not a JSON object or a bad {@code $version}, 412 for a stale {@code $version}, 404, ...) and an
 * {@link ErrorBody}; the connection stays open. Answers go out only while the device is subscribed to
 * {@code $iothub/twin/res/#}, at the QoS it subscribed with.
 *
 * <p>Confined to the connection's context. {@link TwinService} blocks on stores, so it is called on the device's
 * lane; a request counts against the connection's in-flight window until it is answered, and its PUBACK (QoS 1)
 * is sent then.
 */
final class TwinRequestHandler {
  private static final Logger log = LoggerFactory.getLogger(TwinRequestHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final byte[] NO_BODY = new byte[0];

  private final Context context;
  private final DeviceLane lane;
  private final TwinService twins;
  private final Clock clock;
  private final ConnectionControl connection;
  private final PublishAcknowledgements acknowledgements;
  private final OutboundPublishes outbound;
  private final Supplier<Optional<MqttQoS>> responseQos;

  /** @param responseQos the QoS of the device's subscription to {@code $iothub/twin/res/#}, if it has one */
  TwinRequestHandler(Context context, DeviceLane lane, TwinService twins, Clock clock, ConnectionControl connection,
      PublishAcknowledgements acknowledgements, OutboundPublishes outbound, Supplier<Optional<MqttQoS>> responseQos) {
    this.context = context;
    this.lane = lane;
    this.twins = twins;
    this.clock = clock;
    this.connection = connection;
    this.acknowledgements = acknowledgements;
    this.outbound = outbound;
    this.responseQos = responseQos;
  }

  /** What a request is answered with. */
  private record Answer(int status, byte[] body, Optional<Long> version) {}

  void get(IdentityRef identity, TopicQuery query, MqttPublishMessage publish) {
    serve(identity, query, publish, () -> new Answer(200, json(twins.deviceTwin(identity)), Optional.empty()));
  }

  void patchReported(IdentityRef identity, TopicQuery query, MqttPublishMessage publish) {
    byte[] body = ByteBufUtil.getBytes(publish.payload());
    serve(identity, query, publish, () -> {
      OptionalLong basedOn = expectedVersion(query);
      long version = twins.updateReported(identity, ReportedPatch.parse(body), basedOn);
      return new Answer(204, NO_BODY, Optional.of(version));
    });
  }

  private void serve(IdentityRef identity, TopicQuery query, MqttPublishMessage publish, Supplier<Answer> work) {
    InflightWindow.Entry entry = acknowledgements.admit(publish);
    String requestId = query.requestId().orElse("");
    Supplier<Answer> checked = query.requestId().isPresent() ? work : () -> {
      throw new HubException(ErrorCode.ARGUMENT_INVALID, "The twin request's topic has no $rid.");
    };
    lane.submit(identity, checked).whenComplete((answer, failure) -> context.runOnContext(nothing ->
        answer(identity, entry, requestId, answer != null ? answer : refusal(identity, failure))));
  }

  private void answer(IdentityRef identity, InflightWindow.Entry entry, String requestId, Answer answer) {
    if (!connection.isOpen()) {
      return;
    }
    acknowledgements.done(entry);
    Optional<MqttQoS> qos = responseQos.get();
    if (qos.isEmpty()) {
      log.debug("Twin answer {} to request '{}' of {} not sent: not subscribed to $iothub/twin/res/#",
          answer.status(), requestId, identity);
      return;
    }
    outbound.publish(DeviceTopics.twinResponse(answer.status(), requestId, answer.version()), qos.get(),
        answer.body());
  }

  private Answer refusal(IdentityRef identity, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof HubException refused) {
      log.debug("Twin request of {} refused: {}", identity, refused.getMessage());
      return refusal(refused.code(), refused.getMessage());
    }
    log.warn("A twin request of {} failed", identity, cause);
    return refusal(ErrorCode.SERVER_ERROR, "The hub could not serve the twin request; try again.");
  }

  private Answer refusal(ErrorCode code, String message) {
    return new Answer(code.httpStatus(), ErrorBody.of(code, message, clock.instant()), Optional.empty());
  }

  private static OptionalLong expectedVersion(TopicQuery query) {
    if (query.version().isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(query.version().get()));
    } catch (NumberFormatException e) {
      throw new HubException(ErrorCode.ARGUMENT_INVALID,
          "The $version of the reported properties patch must be a number, not '" + query.version().get() + "'.");
    }
  }

  private static byte[] json(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree cannot fail to serialize", e);
    }
  }
}
