package io.fleethub.transport.http;

import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import java.util.Objects;

/**
 * A refusal as the HTTPS APIs send it: the status, IoT Hub's error name (also sent as the {@code iothub-errorcode}
 * header) and a message the caller can act on.
 */
public record HttpError(int status, String errorName, String message) {
  public HttpError {
    Objects.requireNonNull(errorName, "errorName");
    Objects.requireNonNull(message, "message");
  }

  public static HttpError of(ErrorCode code, String message) {
    return new HttpError(code.httpStatus(), code.errorName(), message);
  }

  public static HttpError of(HubException e) {
    return of(e.code(), e.getMessage() == null ? e.code().errorName() : e.getMessage());
  }

  public static HttpError notFound(String path) {
    return of(ErrorCode.NOT_FOUND, "There is no resource at '" + path + "'.");
  }

  public static HttpError methodNotAllowed(String method, String path) {
    return new HttpError(405, "MethodNotAllowed", "The method " + method + " is not supported on '" + path + "'.");
  }

  public static HttpError bodyTooLarge(long limitBytes) {
    return of(ErrorCode.MESSAGE_TOO_LARGE, "The request body is larger than " + limitBytes + " bytes.");
  }

  public static HttpError badRequest(String message) {
    return of(ErrorCode.ARGUMENT_INVALID, message);
  }
}
