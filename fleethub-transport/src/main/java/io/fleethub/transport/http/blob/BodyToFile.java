package io.fleethub.transport.http.blob;

import io.fleethub.core.files.BlobStorageException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Streams a paused request's body into a file, with back pressure (the request pauses while the file's write queue
 * is full), counting its bytes and computing its MD5 on the way; no more than one chunk is held in memory. The file
 * is flushed to the disk before the future completes. A body past {@code maxBytes} fails the future with 413
 * RequestBodyTooLarge once the client has sent it all (what was past the limit was not written). Runs on the
 * request's event loop.
 */
final class BodyToFile {
  /** The body's size and MD5 digest. */
  record Received(long size, byte[] md5) {}

  private BodyToFile() {}

  static Future<Received> receive(HttpServerRequest request, AsyncFile file, long maxBytes) {
    Promise<Received> done = Promise.promise();
    MessageDigest md5 = md5();
    long[] size = {0};
    request.handler(chunk -> {
      size[0] += chunk.length();
      if (size[0] > maxBytes) {
        return;
      }
      md5.update(chunk.getBytes());
      file.write(chunk);
      if (file.writeQueueFull()) {
        request.pause();
        file.drainHandler(drained -> request.resume());
      }
    });
    request.exceptionHandler(failure -> file.close().onComplete(closed -> done.tryFail(failure)));
    request.endHandler(end -> {
      if (size[0] > maxBytes) {
        file.close().onComplete(closed -> done.tryFail(new BlobStorageException(413, "RequestBodyTooLarge",
            "The request body is " + size[0] + " bytes; the limit for this operation is " + maxBytes + " bytes.")));
        return;
      }
      file.flush().compose(flushed -> file.close())
          .onSuccess(closed -> done.tryComplete(new Received(size[0], md5.digest())))
          .onFailure(done::tryFail);
    });
    request.resume();
    return done.future();
  }

  /** Opens {@code path} for writing from its start. */
  static Future<AsyncFile> open(io.vertx.core.Vertx vertx, Path path) {
    return vertx.fileSystem().open(path.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true));
  }

  /** Collects a paused request's body in memory, failing with 413 past {@code maxBytes}. */
  static Future<Buffer> collect(HttpServerRequest request, int maxBytes) {
    Promise<Buffer> done = Promise.promise();
    Buffer body = Buffer.buffer();
    long[] size = {0};
    request.handler(chunk -> {
      size[0] += chunk.length();
      if (size[0] <= maxBytes) {
        body.appendBuffer(chunk);
      }
    });
    request.exceptionHandler(done::tryFail);
    request.endHandler(end -> {
      if (size[0] > maxBytes) {
        done.tryFail(new BlobStorageException(413, "RequestBodyTooLarge",
            "The request body is " + size[0] + " bytes; the limit for this operation is " + maxBytes + " bytes."));
      } else {
        done.tryComplete(body);
      }
    });
    request.resume();
    return done.future();
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has MD5", e);
    }
  }
}
