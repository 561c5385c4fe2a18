package io.fleethub.core.files;

import java.time.Instant;
import java.util.Objects;

/**
 * What the store knows of a committed blob.
 *
 * @param etag a quoted opaque string that changes whenever the blob is written, as Azure Storage sends it
 */
public record BlobProperties(long size, Instant lastModified, String etag) {
  public BlobProperties {
    Objects.requireNonNull(lastModified, "lastModified");
    Objects.requireNonNull(etag, "etag");
  }
}
