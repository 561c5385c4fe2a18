package io.fleethub.transport.http.blob;

import io.fleethub.core.files.BlobPath;
import io.fleethub.core.files.BlobProperties;
import io.fleethub.core.files.BlobStorage;
import io.fleethub.core.files.BlobStorageException;
import io.fleethub.core.files.BlockId;
import io.fleethub.core.files.FileUploads;
import io.fleethub.transport.http.CoreExecutor;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The hub's built-in blob store, served on the hub's HTTPS listener under {@code /{container}/{blob name}} with the
 * Azure Blob REST calls that azure-storage-blob (and @azure/storage-blob) make to upload a file:
 *
 * <ul>
 *   <li>Put Blob: {@code PUT} with {@code x-ms-blob-type: BlockBlob}; {@code If-None-Match: *} refuses to replace
 *       an existing blob (409 BlobAlreadyExists); a {@code Content-MD5} header is checked (400 Md5Mismatch);
 *   <li>Put Block: {@code PUT ?comp=block&blockid={base64}};
 *   <li>Put Block List: {@code PUT ?comp=blocklist} with the XML list ({@link BlockListXml});
 *   <li>Get Blob Properties ({@code HEAD}) and Get Blob ({@code GET}, the whole blob; ranges are not served).
 * </ul>
 *
 * Every request needs the blob's SAS from {@link FileUploads} in its query; refusals are Azure Storage's
 * ({@link BlobReplies}): 403 AuthenticationFailed for no, a forged, a foreign or an expired SAS. Bodies stream to a
 * file of the store ({@link BodyToFile}) and are committed by an atomic rename, so a failed upload leaves the blob
 * as it was. Handlers run on the event loop; the store is called on worker threads.
 */
public final class BlobApi {
  /** Azure's largest Put Blob (5,000 MiB). */
  static final long MAX_PUT_BLOB_BYTES = 5000L * 1024 * 1024;

  /** Azure's largest block (4,000 MiB). */
  static final long MAX_BLOCK_BYTES = 4000L * 1024 * 1024;

  /** A block list of Azure's 50,000 blocks with 64-byte ids fits. */
  static final int MAX_BLOCK_LIST_BYTES = 8 * 1024 * 1024;

  private final FileUploads uploads;
  private final BlobStorage storage;
  private final CoreExecutor executor;
  private final Clock clock;
  private final BlobReplies replies;
  private final String container;

  public BlobApi(FileUploads uploads, CoreExecutor executor, Clock clock) {
    this.uploads = Objects.requireNonNull(uploads, "uploads");
    this.storage = uploads.storage();
    this.executor = Objects.requireNonNull(executor, "executor");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.replies = new BlobReplies(clock);
    this.container = uploads.config().containerName();
  }

  /** Adds the blob routes, {@code /{container}/...} for every method, to {@code router}. */
  public void mountOn(Router router) {
    router.routeWithRegex("/" + container + "/.+").handler(this::handle);
  }

  private void handle(RoutingContext context) {
    HttpServerRequest request = context.request();
    request.pause();
    HttpServerResponse response = context.response();
    boolean withBody = request.method() != HttpMethod.HEAD;
    try {
      BlobPath blob = blobOf(request.path());
      Map<String, String> query = new HashMap<>();
      context.queryParams().forEach(entry -> query.putIfAbsent(entry.getKey(), entry.getValue()));
      if (request.method() == HttpMethod.PUT) {
        uploads.sas().verify(container, blob, query, 'w', clock.instant());
        put(context, blob, query);
      } else if (request.method() == HttpMethod.HEAD || request.method() == HttpMethod.GET) {
        uploads.sas().verify(container, blob, query, 'r', clock.instant());
        read(request, response, blob);
      } else {
        throw new BlobStorageException(405, "UnsupportedHttpVerb",
            "The resource doesn't support the specified HTTP verb " + request.method() + ".");
      }
    } catch (BlobStorageException e) {
      refuseAfterBody(request, response, e, withBody);
    }
  }

  private void put(RoutingContext context, BlobPath blob, Map<String, String> query) {
    HttpServerRequest request = context.request();
    HttpServerResponse response = context.response();
    String comp = query.get("comp");
    if (comp == null) {
      putBlob(context, blob);
    } else if (comp.equals("block")) {
      putBlock(context, blob, blockId(query.get("blockid")));
    } else if (comp.equals("blocklist")) {
      putBlockList(request, response, blob);
    } else {
      throw new BlobStorageException(400, "InvalidQueryParameterValue",
          "Value for one of the query parameters specified in the request URI is invalid: comp=" + comp
              + " (this store serves Put Blob, Put Block and Put Block List).");
    }
  }

  private void putBlob(RoutingContext context, BlobPath blob) {
    HttpServerRequest request = context.request();
    HttpServerResponse response = context.response();
    String type = request.getHeader("x-ms-blob-type");
    if (type == null) {
      throw new BlobStorageException(400, "MissingRequiredHeader",
          "An HTTP header that's mandatory for this request is not specified: x-ms-blob-type.");
    }
    if (!type.equals("BlockBlob")) {
      throw new BlobStorageException(400, "InvalidHeaderValue",
          "The value for one of the HTTP headers is not in the correct format: x-ms-blob-type=" + type
              + " (this store keeps block blobs only).");
    }
    boolean mustBeNew = "*".equals(request.getHeader("If-None-Match"));
    byte[] expectedMd5 = md5Header(request.getHeader("Content-MD5"));
    receive(context.vertx(), request, MAX_PUT_BLOB_BYTES).compose(received -> executor.call(() -> {
      try {
        if (expectedMd5 != null && !Arrays.equals(expectedMd5, received.md5())) {
          throw new BlobStorageException(400, "Md5Mismatch",
              "The MD5 value specified in the request did not match the MD5 value calculated by the server.");
        }
        if (mustBeNew && storage.properties(blob).isPresent()) {
          throw new BlobStorageException(409, "BlobAlreadyExists", "The specified blob already exists.");
        }
        BlobProperties committed = storage.putBlob(blob, received.file());
        return new Committed(committed, received.md5());
      } finally {
        storage.discard(received.file());
      }
    })).onSuccess(done -> replies.created(response, done.blob(), done.md5()))
        .onFailure(failure -> replies.error(response, failure, true));
  }

  private void putBlock(RoutingContext context, BlobPath blob, BlockId id) {
    HttpServerRequest request = context.request();
    HttpServerResponse response = context.response();
    receive(context.vertx(), request, MAX_BLOCK_BYTES).compose(received -> executor.call(() -> {
      try {
        storage.putBlock(blob, id, received.file());
        return received.md5();
      } finally {
        storage.discard(received.file());
      }
    })).onSuccess(md5 -> replies.blockStaged(response, md5))
        .onFailure(failure -> replies.error(response, failure, true));
  }

  private void putBlockList(HttpServerRequest request, HttpServerResponse response, BlobPath blob) {
    BodyToFile.collect(request, MAX_BLOCK_LIST_BYTES)
        .compose(body -> executor.call(() -> storage.putBlockList(blob, BlockListXml.parse(body.getBytes()))))
        .onSuccess(committed -> replies.created(response, committed, null))
        .onFailure(failure -> replies.error(response, failure, true));
  }

  private void read(HttpServerRequest request, HttpServerResponse response, BlobPath blob) {
    boolean head = request.method() == HttpMethod.HEAD;
    request.resume();
    executor.call(() -> new Found(storage.properties(blob).orElseThrow(() -> new BlobStorageException(404,
        "BlobNotFound", "The specified blob does not exist.")), storage.file(blob).orElse(null)))
        .onSuccess(found -> {
          HttpServerResponse reply = replies.withBlob(replies.begin(response, 200), found.properties())
              .putHeader("x-ms-blob-type", "BlockBlob")
              .putHeader("Content-Type", "application/octet-stream")
              .putHeader("Accept-Ranges", "bytes");
          if (head || found.file() == null) {
            reply.putHeader("Content-Length", Long.toString(found.properties().size())).end();
          } else {
            reply.sendFile(found.file().toString());
          }
        })
        .onFailure(failure -> replies.error(response, failure, !head));
  }

  /** Streams the body into a new file of the store; the file is the caller's to commit or discard. */
  private Future<Received> receive(io.vertx.core.Vertx vertx, HttpServerRequest request, long maxBytes) {
    return executor.call(storage::newTempFile).compose(file -> BodyToFile.open(vertx, file)
        .compose(out -> BodyToFile.receive(request, out, maxBytes))
        .map(body -> new Received(file, body.md5()))
        .onFailure(failure -> executor.call(() -> {
          storage.discard(file);
          return null;
        })));
  }

  /** Answers a refusal once the client has sent its body, which is read and dropped. */
  private void refuseAfterBody(HttpServerRequest request, HttpServerResponse response, BlobStorageException refusal,
      boolean withBody) {
    request.handler(ignored -> {});
    request.exceptionHandler(ignored -> {});
    request.endHandler(end -> replies.error(response, refusal, withBody));
    request.resume();
  }

  /**
   * The blob a raw request path names: what follows {@code /{container}/}, each segment percent-decoded ('+' is a
   * plus), so {@code a%2Fb} and {@code a/b} name the same blob, as in Azure Storage.
   */
  private BlobPath blobOf(String rawPath) {
    String encoded = rawPath.substring(container.length() + 2);
    String name;
    try {
      name = URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BlobStorageException(400, "InvalidUri", "The requested URI does not represent any resource on the "
          + "server: '" + rawPath + "' is not percent-encoded correctly.");
    }
    try {
      return new BlobPath(name);
    } catch (IllegalArgumentException e) {
      throw new BlobStorageException(400, "InvalidResourceName",
          "The specified resource name contains invalid characters: " + e.getMessage() + ".");
    }
  }

  private static BlockId blockId(String value) {
    if (value == null) {
      throw new BlobStorageException(400, "MissingRequiredQueryParameter",
          "A query parameter that's mandatory for this request is not specified: blockid.");
    }
    try {
      return new BlockId(value);
    } catch (IllegalArgumentException e) {
      throw new BlobStorageException(400, "InvalidQueryParameterValue", "The specified block ID is invalid: "
          + e.getMessage() + ".");
    }
  }

  private static byte[] md5Header(String value) {
    if (value == null) {
      return null;
    }
    try {
      byte[] md5 = Base64.getDecoder().decode(value);
      if (md5.length == 16) {
        return md5;
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw new BlobStorageException(400, "InvalidHeaderValue",
        "The value for one of the HTTP headers is not in the correct format: Content-MD5 must be a Base64 MD5.");
  }

  /** A body written to a file of the store, and its MD5. */
  private record Received(Path file, byte[] md5) {}

  private record Committed(BlobProperties blob, byte[] md5) {}

  private record Found(BlobProperties properties, Path file) {}
}
