package io.fleethub.core.files;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * File upload correlation ids that carry their upload: {@code {payload}.{signature}}, the payload the blob name
 * and expiry, the signature an HMAC-SHA256 under the blob store's key, both Base64url. So any hub holding the key,
 * including this one after a restart, can tell which blob a device reports on without having kept the upload.
 * Immutable and thread-safe.
 */
final class CorrelationIds {
  /** What a correlation id names. */
  record Upload(BlobPath blob, Instant expiry) {}

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final String DOMAIN = "fleethub-file-upload\n";

  private final SecretKeySpec key;

  CorrelationIds(BlobStorage storage) {
    this.key = new SecretKeySpec(storage.signingKey(), "HmacSHA256");
  }

  String issue(Upload upload) {
    String payload = ENCODER.encodeToString((upload.expiry().getEpochSecond() + "\n" + upload.blob().value())
        .getBytes(StandardCharsets.UTF_8));
    return payload + "." + ENCODER.encodeToString(sign(payload));
  }

  /** The upload a correlation id names; empty for one this store's key did not sign, or that is malformed. */
  Optional<Upload> open(String correlationId) {
    int dot = correlationId.indexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String payload = correlationId.substring(0, dot);
    try {
      byte[] signature = Base64.getUrlDecoder().decode(correlationId.substring(dot + 1));
      if (!MessageDigest.isEqual(sign(payload), signature)) {
        return Optional.empty();
      }
      String[] fields = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).split("\n", 2);
      return Optional.of(new Upload(new BlobPath(fields[1]), Instant.ofEpochSecond(Long.parseLong(fields[0]))));
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  private byte[] sign(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal((DOMAIN + payload).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JVM has HmacSHA256 and it takes any key", e);
    }
  }
}
