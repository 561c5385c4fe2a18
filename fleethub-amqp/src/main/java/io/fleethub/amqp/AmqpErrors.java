package io.fleethub.amqp;

import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;

/**
 * The AMQP error conditions the endpoint refuses links, connections and deliveries with, chosen so that the SDKs
 * map each to the exception the real service would cause: the Event Hubs SDKs (azure-core-amqp
 * {@code ExceptionUtil}) for the built-in endpoint, the IoT Hub service SDKs (Java {@code ProtonJExceptionParser},
 * Node {@code amqp_service_errors}, .NET {@code AmqpErrorMapper}) for cloud-to-device messages.
 */
final class AmqpErrors {
  static final Symbol UNAUTHORIZED_ACCESS = Symbol.valueOf("amqp:unauthorized-access");
  static final Symbol NOT_FOUND = Symbol.valueOf("amqp:not-found");
  static final Symbol NOT_ALLOWED = Symbol.valueOf("amqp:not-allowed");
  static final Symbol LINK_STOLEN = Symbol.valueOf("amqp:link:stolen");
  static final Symbol RESOURCE_LIMIT_EXCEEDED = Symbol.valueOf("amqp:resource-limit-exceeded");
  static final Symbol MESSAGE_SIZE_EXCEEDED = Symbol.valueOf("amqp:link:message-size-exceeded");
  static final Symbol PRECONDITION_FAILED = Symbol.valueOf("amqp:precondition-failed");
  static final Symbol INTERNAL_ERROR = Symbol.valueOf("amqp:internal-error");
  static final Symbol NOT_IMPLEMENTED = Symbol.valueOf("amqp:not-implemented");
  static final Symbol CONNECTION_FORCED = Symbol.valueOf("amqp:connection:forced");
  static final Symbol ARGUMENT_ERROR = Symbol.valueOf("com.microsoft:argument-error");
  static final Symbol ARGUMENT_OUT_OF_RANGE = Symbol.valueOf("com.microsoft:argument-out-of-range");
  static final Symbol MESSAGE_LOCK_LOST = Symbol.valueOf("com.microsoft:message-lock-lost");
  static final Symbol THROTTLED = Symbol.valueOf("com.microsoft:device-container-throttled");
  static final Symbol TIMEOUT = Symbol.valueOf("com.microsoft:timeout");

  /** The error info key under which IoT Hub names the failure for support; the .NET SDK appends it to messages. */
  static final Symbol TRACKING_ID = Symbol.valueOf("com.microsoft:tracking-id");

  private AmqpErrors() {}

  static ErrorCondition condition(Symbol symbol, String description) {
    return new ErrorCondition(symbol, description);
  }

  /**
   * Event Hubs' wording for a missing entity; the SDKs treat exactly this wording as final rather than as a
   * condition to retry.
   */
  static ErrorCondition entityNotFound(String entity) {
    return new ErrorCondition(NOT_FOUND, "The messaging entity '" + entity + "' could not be found.");
  }

  /**
   * Why the core refused a request, as IoT Hub rejects a delivery: the condition the service SDKs map to the
   * matching exception ({@code amqp:not-found} to {@code IotHubNotFoundException}, {@code amqp:resource-limit-exceeded}
   * to {@code IotHubDeviceMaximumQueueDepthExceededException}, {@code amqp:link:message-size-exceeded} to
   * {@code IotHubMessageTooLargeException}, ...), the description {@code ErrorCode:{name};{message}} as in IoT Hub's
   * HTTPS error bodies (the Java SDK makes it the exception's message), and a tracking id in the info map.
   */
  static ErrorCondition rejection(HubException refusal) {
    ErrorCondition condition = new ErrorCondition(conditionOf(refusal.code()),
        "ErrorCode:" + refusal.code().errorName() + ";" + refusal.getMessage());
    condition.setInfo(Map.of(TRACKING_ID, trackingId()));
    return condition;
  }

  /** A rejection for a failure the client cannot act on; the hub logs it under {@code trackingId}. */
  static ErrorCondition internalRejection(String trackingId) {
    ErrorCondition condition = new ErrorCondition(INTERNAL_ERROR, "ErrorCode:" + ErrorCode.SERVER_ERROR.errorName()
        + ";The hub failed to process the message; its log has the details under tracking id " + trackingId + ".");
    condition.setInfo(Map.of(TRACKING_ID, trackingId));
    return condition;
  }

  /** A new tracking id: 32 hex digits, as IoT Hub's begin. */
  static String trackingId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static Symbol conditionOf(ErrorCode code) {
    return switch (code) {
      case DEVICE_NOT_FOUND, MODULE_NOT_FOUND, NOT_FOUND, DEVICE_NOT_ONLINE -> NOT_FOUND;
      case DEVICE_MAXIMUM_QUEUE_DEPTH_EXCEEDED -> RESOURCE_LIMIT_EXCEEDED;
      case MESSAGE_TOO_LARGE -> MESSAGE_SIZE_EXCEEDED;
      case IOT_HUB_UNAUTHORIZED_ACCESS, IOT_HUB_UNAUTHORIZED -> UNAUTHORIZED_ACCESS;
      case FORBIDDEN, INVALID_OPERATION -> NOT_ALLOWED;
      case PRECONDITION_FAILED -> PRECONDITION_FAILED;
      case DEVICE_MESSAGE_LOCK_LOST -> MESSAGE_LOCK_LOST;
      case THROTTLING_EXCEPTION -> THROTTLED;
      case SERVICE_UNAVAILABLE, GATEWAY_TIMEOUT -> TIMEOUT;
      case SERVER_ERROR -> INTERNAL_ERROR;
      case ARGUMENT_INVALID, ARGUMENT_NULL, INVALID_PROTOCOL_VERSION, DEVICE_INVALID_RESULT_COUNT -> ARGUMENT_ERROR;
      default -> NOT_ALLOWED;
    };
  }
}
