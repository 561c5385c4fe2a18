package io.fleethub.transport.http.blob;

import io.fleethub.core.files.BlobProperties;
import io.fleethub.core.files.BlobSas;
import io.fleethub.core.files.BlobStorageException;
import io.vertx.core.http.HttpServerResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the blob store answers, in Azure Storage's form: every reply carries {@code x-ms-request-id},
 * {@code x-ms-version} and {@code Date}; a blob's replies its {@code ETag} and {@code Last-Modified}; a refusal
 * the status, the {@code x-ms-error-code} header and an XML body
 * {@code <Error><Code>..</Code><Message>..</Message></Error>}, which azure-storage-blob turns into a
 * {@code BlobStorageException} with that status and code. Methods are called on the event loop and do nothing
 * once the response has ended.
 */
final class BlobReplies {
  private static final Logger LOG = LoggerFactory.getLogger(BlobReplies.class);
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final Clock clock;

  BlobReplies(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Starts a reply with the headers every reply has; the caller adds its own and ends it. */
  HttpServerResponse begin(HttpServerResponse response, int status) {
    return response.setStatusCode(status)
        .putHeader("x-ms-request-id", UUID.randomUUID().toString())
        .putHeader("x-ms-version", BlobSas.VERSION)
        .putHeader("Date", httpDate(clock.instant()))
        .putHeader("Server", "Fleethub-Blob");
  }

  /** 201 Created for a write that committed a blob. */
  void created(HttpServerResponse response, BlobProperties blob, byte[] contentMd5) {
    if (response.ended() || response.closed()) {
      return;
    }
    HttpServerResponse reply = withBlob(begin(response, 201), blob)
        .putHeader("x-ms-request-server-encrypted", "false");
    if (contentMd5 != null) {
      reply.putHeader("Content-MD5", Base64.getEncoder().encodeToString(contentMd5));
    }
    reply.putHeader("Content-Length", "0").end();
  }

  /** 201 Created for a staged block. */
  void blockStaged(HttpServerResponse response, byte[] contentMd5) {
    if (response.ended() || response.closed()) {
      return;
    }
    begin(response, 201)
        .putHeader("Content-MD5", Base64.getEncoder().encodeToString(contentMd5))
        .putHeader("x-ms-request-server-encrypted", "false")
        .putHeader("Content-Length", "0")
        .end();
  }

  /** Adds a committed blob's headers. */
  HttpServerResponse withBlob(HttpServerResponse response, BlobProperties blob) {
    return response.putHeader("ETag", blob.etag()).putHeader("Last-Modified", httpDate(blob.lastModified()));
  }

  /** Writes a refusal; anything but a {@link BlobStorageException} is logged and answered 500 InternalError. */
  void error(HttpServerResponse response, Throwable failure, boolean withBody) {
    if (response.ended() || response.closed()) {
      return;
    }
    BlobStorageException refusal = failure instanceof BlobStorageException known ? known : null;
    if (refusal == null) {
      String id = UUID.randomUUID().toString();
      LOG.error("Unexpected failure serving a blob request (request id {})", id, failure);
      refusal = new BlobStorageException(500, "InternalError",
          "The server encountered an internal error; its log has the details under " + id + ".");
    }
    HttpServerResponse reply = begin(response, refusal.status()).putHeader("x-ms-error-code", refusal.code());
    if (!withBody) {
      reply.end();
      return;
    }
    String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + escape(refusal.code())
        + "</Code><Message>" + escape(refusal.getMessage() + "\nTime:" + clock.instant()) + "</Message></Error>";
    reply.putHeader("Content-Type", "application/xml").end(body);
  }

  static String httpDate(Instant instant) {
    return HTTP_DATE.format(instant);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
