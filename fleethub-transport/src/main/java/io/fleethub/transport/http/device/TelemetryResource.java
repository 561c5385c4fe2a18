package io.fleethub.transport.http.device;

import io.fleethub.core.auth.DevicePrincipal;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.core.telemetry.DeviceMessage;
import io.fleethub.core.telemetry.TelemetryService;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /devices/{id}/messages/events} and its module form: device-to-cloud telemetry, one message or a batch
 * ({@link TelemetryRequestMapper}), into the {@link TelemetryService}, the same durable path as MQTT telemetry.
 *
 * <ul>
 *   <li>204 once every message of the request is durable in the event log, never before;
 *   <li>413 MessageTooLarge when a message, or a batch altogether, exceeds
 *       {@link TelemetryService#MAX_MESSAGE_BYTES} (body, system property values, application property names and
 *       values): nothing of it is stored;
 *   <li>400 ArgumentInvalid for a malformed batch: nothing of it is stored;
 *   <li>the store's failure otherwise (500 ServerError). A batch's messages are appended in order, each on its
 *       own, so one that fails part-way may have stored some of them; the device's retry may then store those
 *       again (at least once, as MQTT QoS 1).
 * </ul>
 *
 * Handlers run on the event loop.
 */
final class TelemetryResource {
  private final TelemetryService telemetry;
  private final DeviceCalls calls;

  TelemetryResource(TelemetryService telemetry, DeviceCalls calls) {
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  void send(RoutingContext context) {
    byte[] body = DeviceCalls.body(context);
    boolean batch = TelemetryRequestMapper.isBatch(context.request().getHeader("Content-Type"));
    Map<String, String> headers = new LinkedHashMap<>();
    context.request().headers().forEach(header -> headers.putIfAbsent(header.getKey(), header.getValue()));
    calls.run(context, principal -> {
      List<DeviceMessage> messages = batch
          ? TelemetryRequestMapper.batch(body)
          : List.of(TelemetryRequestMapper.single(headers, body));
      return store(principal, messages).thenApply(stored -> DeviceReply.noContent());
    });
  }

  private CompletableFuture<Void> store(DevicePrincipal sender, List<DeviceMessage> messages) {
    long size = messages.stream().mapToLong(DeviceMessage::billedSize).sum();
    if (messages.size() > 1 && size > TelemetryService.MAX_MESSAGE_BYTES) {
      return CompletableFuture.failedFuture(new HubException(ErrorCode.MESSAGE_TOO_LARGE, "The batch is " + size
          + " bytes; the limit is " + TelemetryService.MAX_MESSAGE_BYTES + " bytes for all its messages together."));
    }
    CompletableFuture<?>[] stored = new CompletableFuture<?>[messages.size()];
    for (int i = 0; i < stored.length; i++) {
      stored[i] = send(sender, messages.get(i));
    }
    return CompletableFuture.allOf(stored);
  }

  private CompletableFuture<StoredEvent> send(DevicePrincipal sender, DeviceMessage message) {
    try {
      return telemetry.send(sender, message);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
