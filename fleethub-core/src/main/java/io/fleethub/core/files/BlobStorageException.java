package io.fleethub.core.files;

import java.util.Objects;

/**
 * A refusal by the blob store in Azure Storage's terms: the HTTP status and the error code
 * ({@code AuthenticationFailed}, {@code InvalidBlockList}, ...) that Azure Storage would answer with.
 */
public class BlobStorageException extends RuntimeException {
  private final int status;
  private final String code;

  public BlobStorageException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  static BlobStorageException authenticationFailed(String message) {
    return new BlobStorageException(403, "AuthenticationFailed", "Server failed to authenticate the request. "
        + message);
  }
}
