package io.fleethub.core.error;

/**
 * IoT Hub's error codes: the name and six-digit number that go into error bodies, and the HTTP status that
 * carries them. The official SDKs map the status to their typed exceptions.
 */
public enum ErrorCode {
  ARGUMENT_INVALID("ArgumentInvalid", 400004, 400),
  ARGUMENT_NULL("ArgumentNull", 400005, 400),
  INVALID_PROTOCOL_VERSION("InvalidProtocolVersion", 400001, 400),
  DEVICE_INVALID_RESULT_COUNT("DeviceInvalidResultCount", 400002, 400),
  INVALID_OPERATION("InvalidOperation", 400003, 400),
  MESSAGE_TOO_LARGE("MessageTooLarge", 413001, 413),
  IOT_HUB_UNAUTHORIZED_ACCESS("IotHubUnauthorizedAccess", 401002, 401),
  IOT_HUB_UNAUTHORIZED("IotHubUnauthorized", 401003, 401),
  FORBIDDEN("Forbidden", 403000, 403),
  DEVICE_MAXIMUM_QUEUE_DEPTH_EXCEEDED("DeviceMaximumQueueDepthExceeded", 403004, 403),
  DEVICE_MAXIMUM_ACTIVE_FILE_UPLOAD_LIMIT_EXCEEDED("DeviceMaximumActiveFileUploadLimitExceeded", 403006, 403),
  DEVICE_NOT_FOUND("DeviceNotFound", 404001, 404),
  MODULE_NOT_FOUND("ModuleNotFound", 404010, 404),
  DEVICE_NOT_ONLINE("DeviceNotOnline", 404103, 404),
  NOT_FOUND("NotFound", 404000, 404),
  DEVICE_ALREADY_EXISTS("DeviceAlreadyExists", 409001, 409),
  CONFLICT("Conflict", 409000, 409),
  MODULE_ALREADY_EXISTS_ON_DEVICE("ModuleAlreadyExistsOnDevice", 409301, 409),
  PRECONDITION_FAILED("PreconditionFailed", 412001, 412),
  DEVICE_MESSAGE_LOCK_LOST("DeviceMessageLockLost", 412002, 412),
  THROTTLING_EXCEPTION("ThrottlingException", 429001, 429),
  SERVER_ERROR("ServerError", 500001, 500),
  SERVICE_UNAVAILABLE("ServiceUnavailable", 503001, 503),
  GATEWAY_TIMEOUT("GatewayTimeout", 504101, 504);

  private final String errorName;
  private final int number;
  private final int httpStatus;

  ErrorCode(String errorName, int number, int httpStatus) {
    this.errorName = errorName;
    this.number = number;
    this.httpStatus = httpStatus;
  }

  /** The name IoT Hub writes, e.g. {@code DeviceNotFound}. */
  public String errorName() {
    return errorName;
  }

  /** The six-digit code, e.g. {@code 404001}. */
  public int number() {
    return number;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
