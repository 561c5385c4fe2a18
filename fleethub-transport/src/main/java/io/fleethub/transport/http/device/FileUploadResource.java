package io.fleethub.transport.http.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.files.FileUploadGrant;
import io.fleethub.core.files.FileUploads;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * IoT Hub's file upload resources of the HTTPS device API, for a device and, by the same paths below
 * {@code /modules/{mid}}, a module (the blob still belongs to the device):
 *
 * <ul>
 *   <li>{@code POST .../files} with {@code {"blobName":".."}}: 200 with
 *       {@code {"correlationId","hostName","containerName","blobName","sasToken"}}, from which the SDKs build the
 *       blob URI {@code https://{hostName}/{containerName}/{blobName}{sasToken}}; 400 ArgumentInvalid for a missing
 *       or invalid name; 403 DeviceMaximumActiveFileUploadLimitExceeded (403006) past 10 active uploads;
 *   <li>{@code POST .../files/notifications} with {@code {"correlationId","isSuccess","statusCode",
 *       "statusDescription"}} (the Java SDK), or {@code POST .../files/notifications/{correlationId}} with the
 *       same fields but the id (the Node SDK): 204; 404 NotFound for a correlation id the device has no active
 *       upload under; 400 ArgumentInvalid for a body without a boolean {@code isSuccess}.
 * </ul>
 *
 * Handlers run on the event loop; the work runs in {@link DeviceCalls#run}.
 */
final class FileUploadResource {
  static final String CORRELATION_ID = "correlationId";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileUploads uploads;
  private final DeviceCalls calls;

  FileUploadResource(FileUploads uploads, DeviceCalls calls) {
    this.uploads = Objects.requireNonNull(uploads, "uploads");
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  void start(RoutingContext context) {
    byte[] body = DeviceCalls.body(context);
    calls.run(context, principal -> {
      JsonNode request = parse(body);
      JsonNode blobName = request.get("blobName");
      if (blobName == null || !blobName.isTextual()) {
        throw new HubException(ErrorCode.ARGUMENT_INVALID,
            "The request body must be {\"blobName\":\"...\"} with the blob name as a string.");
      }
      FileUploadGrant grant = uploads.start(principal.identity().deviceId(), blobName.textValue());
      ObjectNode reply = JSON.createObjectNode()
          .put("correlationId", grant.correlationId())
          .put("hostName", grant.hostName())
          .put("containerName", grant.containerName())
          .put("blobName", grant.blobName().value())
          .put("sasToken", grant.sasToken());
      return CompletableFuture.completedFuture(DeviceReply.ok(
          Map.of("Content-Type", "application/json; charset=utf-8"), JSON.writeValueAsBytes(reply)));
    });
  }

  /** The Java SDK's form: the correlation id in the body. */
  void notifyInBody(RoutingContext context) {
    byte[] body = DeviceCalls.body(context);
    calls.run(context, principal -> {
      JsonNode request = parse(body);
      JsonNode correlationId = request.get(CORRELATION_ID);
      if (correlationId == null || !correlationId.isTextual()) {
        throw new HubException(ErrorCode.ARGUMENT_INVALID,
            "The request body must name the upload's correlationId as a string.");
      }
      uploads.complete(principal.identity().deviceId(), correlationId.textValue(), isSuccess(request));
      return CompletableFuture.completedFuture(DeviceReply.noContent());
    });
  }

  /** The Node SDK's form: the correlation id in the path. */
  void notifyInPath(RoutingContext context) {
    byte[] body = DeviceCalls.body(context);
    String correlationId = context.pathParam(CORRELATION_ID);
    calls.run(context, principal -> {
      uploads.complete(principal.identity().deviceId(), correlationId, isSuccess(parse(body)));
      return CompletableFuture.completedFuture(DeviceReply.noContent());
    });
  }

  private static boolean isSuccess(JsonNode request) {
    JsonNode isSuccess = request.get("isSuccess");
    if (isSuccess == null || !isSuccess.isBoolean()) {
      throw new HubException(ErrorCode.ARGUMENT_INVALID,
          "The request body must say whether the upload succeeded: \"isSuccess\": true or false.");
    }
    return isSuccess.booleanValue();
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw new HubException(ErrorCode.ARGUMENT_INVALID, "The request body must be a JSON object.");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new HubException(ErrorCode.ARGUMENT_INVALID, "The request body is not JSON: "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw new HubException(ErrorCode.ARGUMENT_INVALID, "The request body cannot be read as "
          + StandardCharsets.UTF_8 + " JSON.");
    }
  }
}
