package io.fleethub.transport.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.twin.TwinTimestamps;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the HTTPS APIs write refusals, in IoT Hub's form:
 *
 * <pre>{@code
 * HTTP/1.1 404
 * iothub-errorcode: DeviceNotFound
 * {"Message":"ErrorCode:DeviceNotFound;Device 'd1' is not registered.",
 *  "ExceptionMessage":"Tracking ID:<32 hex>-G:0-TimeStamp:01/02/2024 03:04:05"}
 * }</pre>
 *
 * The Java service SDK's {@code ErrorMessageParser} turns this into "ErrorCode:..;.. Tracking ID:.." and picks the
 * exception type from the status; the Node {@code azure-iothub} client splits {@code Message} on {@code ;} to get
 * the code (e.g. {@code DeviceNotFoundError}) and the message.
 *
 * <p>Direct method calls that reach no device, or get no answer in time, are refused in the second form IoT Hub
 * uses, where {@code Message} is itself JSON carrying the six-digit code (see
 * {@link #sendWithErrorNumber}).
 *
 * <p>Unexpected exceptions become 500 ServerError with only a tracking id in the body; the exception itself is
 * logged under that id. Methods are called on the event loop; they do nothing when the response has already ended.
 */
public final class ErrorResponder {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;

  public ErrorResponder(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Writes {@code error} as IoT Hub does. */
  public void send(HttpServerResponse response, HttpError error) {
    write(response, error, newTrackingId());
  }

  /**
   * Writes the refusal a failed operation deserves: a {@link HubException} with its own code, anything else as a
   * 500 ServerError that reveals nothing but the tracking id under which it is logged.
   */
  public void send(HttpServerResponse response, Throwable failure) {
    if (failure instanceof HubException hubException) {
      send(response, HttpError.of(hubException));
      return;
    }
    String trackingId = newTrackingId();
    LOG.error("Unexpected failure serving an HTTPS request (tracking id {})", trackingId, failure);
    write(response, HttpError.of(ErrorCode.SERVER_ERROR,
        "The hub failed to process the request; its log has the details under tracking id " + trackingId + "."),
        trackingId);
  }

  /**
   * Writes the refusal for a request the router failed or could not route: 404 for an unknown path, 405 for a
   * method a path does not support, 413 for an oversized body, 400 for a malformed request, and otherwise as
   * {@link #send(HttpServerResponse, Throwable)}.
   */
  public void sendRoutingFailure(RoutingContext context) {
    Throwable failure = context.failure();
    if (failure instanceof HubException) {
      send(context.response(), failure);
      return;
    }
    String path = context.request().path();
    switch (context.statusCode()) {
      case 404 -> send(context.response(), HttpError.notFound(path));
      case 405 -> send(context.response(), HttpError.methodNotAllowed(context.request().method().name(), path));
      case 413 -> send(context.response(), HttpError.of(ErrorCode.MESSAGE_TOO_LARGE, "The request body is too large."));
      case 400 -> send(context.response(), HttpError.badRequest("The request to '" + path + "' is malformed."));
      default -> send(context.response(), failure != null ? failure : new IllegalStateException(
          "request failed with status " + context.statusCode() + " and no exception"));
    }
  }

  /**
   * Writes {@code failure} as IoT Hub refuses a direct method call it could not complete:
   *
   * <pre>{@code
   * HTTP/1.1 404
   * iothub-errorcode: DeviceNotOnline
   * {"Message":"{\"errorCode\":404103,\"trackingId\":\"<32 hex>-G:0-TimeStamp:01/02/2024 03:04:05\",
   *   \"message\":\"..\",\"info\":{\"timeout\":\"00:00:00\"},\"timestampUtc\":\"2024-01-02T03:04:05.6789012Z\"}",
   *  "ExceptionMessage":""}
   * }</pre>
   *
   * The Java service SDK's {@code ErrorMessageParser} digs the inner JSON out and reads its {@code errorCode}, so its
   * exception carries 404103 ({@code ErrorCodeDescription.DeviceNotOnline}) rather than the bare status.
   *
   * @param info the inner body's {@code info} object, e.g. the connect timeout that passed
   */
  public void sendWithErrorNumber(HttpServerResponse response, HubException failure, ObjectNode info) {
    if (response.ended() || response.closed()) {
      return;
    }
    String trackingId = newTrackingId();
    HttpError error = HttpError.of(failure);
    ObjectNode inner = JSON.createObjectNode()
        .put("errorCode", failure.code().number())
        .put("trackingId", trackingId + "-G:0-TimeStamp:" + TIMESTAMP.format(clock.instant()))
        .put("message", error.message());
    inner.set("info", info.deepCopy());
    inner.put("timestampUtc", TwinTimestamps.lastUpdated(clock.instant()));
    ObjectNode body = JSON.createObjectNode()
        .put("Message", serialize(inner))
        .put("ExceptionMessage", "");
    writeBody(response, error, serialize(body));
  }

  private void write(HttpServerResponse response, HttpError error, String trackingId) {
    if (response.ended() || response.closed()) {
      return;
    }
    ObjectNode body = JSON.createObjectNode()
        .put("Message", "ErrorCode:" + error.errorName() + ";" + error.message())
        .put("ExceptionMessage",
            "Tracking ID:" + trackingId + "-G:0-TimeStamp:" + TIMESTAMP.format(clock.instant()));
    writeBody(response, error, serialize(body));
  }

  private static void writeBody(HttpServerResponse response, HttpError error, String body) {
    response.setStatusCode(error.status())
        .putHeader("iothub-errorcode", error.errorName())
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body);
  }

  private static String serialize(ObjectNode body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an error body of strings and numbers cannot fail to serialize", e);
    }
  }

  private static String newTrackingId() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
