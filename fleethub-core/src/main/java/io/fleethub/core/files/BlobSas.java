package io.fleethub.core.files;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Service SAS tokens for single blobs of the hub's blob store, in Azure Storage's query form:
 * {@code sv={version}&sr=b&sp=rcw&se={expiry}&sig={signature}}. The signature is a Base64 HMAC-SHA256, under the
 * store's key, of the permissions, expiry, the blob's canonical resource ({@code /blob/{host}/{container}/{blob}})
 * and the version, one per line; so a token grants exactly one blob until its expiry, and nothing else. Azure's
 * clients never compute it, so only this class needs to agree with itself. Immutable and thread-safe.
 */
public final class BlobSas {
  /** The service version the tokens name; the hub answers in it too. */
  public static final String VERSION = "2021-08-06";

  /** What a token grants: read, create and write of its blob. */
  public static final String PERMISSIONS = "rcw";

  private final SecretKeySpec key;
  private final String hostName;

  public BlobSas(BlobStorage storage, String hostName) {
    this.key = new SecretKeySpec(storage.signingKey(), "HmacSHA256");
    this.hostName = Objects.requireNonNull(hostName, "hostName");
  }

  /** The token's query string, without the leading {@code ?}, its values URL-encoded. */
  public String issue(String container, BlobPath blob, Instant expiry) {
    String se = expiry.truncatedTo(ChronoUnit.SECONDS).toString();
    String sig = sign(PERMISSIONS, se, container, blob, VERSION);
    return "sv=" + VERSION + "&sr=b&sp=" + PERMISSIONS + "&se=" + encode(se) + "&sig=" + encode(sig);
  }

  /**
   * Checks that the query parameters (URL-decoded) hold a token of this store for {@code blob} that grants
   * {@code permission} ('r' read, 'w' write) at {@code now}; throws {@link BlobStorageException} 403
   * AuthenticationFailed saying why not: no token, a signature that does not match (a forged token, or one issued
   * for another blob), a missing permission, or an expired token.
   */
  public void verify(String container, BlobPath blob, Map<String, String> query, char permission, Instant now) {
    String sig = query.get("sig");
    String sp = query.get("sp");
    String se = query.get("se");
    String sv = query.get("sv");
    if (sig == null || sp == null || se == null || sv == null) {
      throw BlobStorageException.authenticationFailed("The request carries no complete SAS: it needs sv, sr, sp, se "
          + "and sig as in the SAS URI the hub issued for the upload.");
    }
    if (!"b".equals(query.get("sr"))) {
      throw BlobStorageException.authenticationFailed("The SAS must be a blob SAS (sr=b).");
    }
    byte[] expected = sign(sp, se, container, blob, sv).getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.UTF_8))) {
      throw BlobStorageException.authenticationFailed("Signature did not match: the SAS was not issued by this hub "
          + "for blob '" + blob + "' in container '" + container + "'.");
    }
    if (sp.indexOf(permission) < 0 && !(permission == 'w' && sp.indexOf('c') >= 0)) {
      throw new BlobStorageException(403, "AuthorizationPermissionMismatch",
          "This request is not authorized to perform this operation using this permission (sp=" + sp + ").");
    }
    Instant expiry;
    try {
      expiry = Instant.parse(se);
    } catch (DateTimeParseException e) {
      throw BlobStorageException.authenticationFailed("The signed expiry '" + se + "' is not an ISO 8601 time.");
    }
    if (!now.isBefore(expiry)) {
      throw BlobStorageException.authenticationFailed(
          "Signed expiry time [" + expiry + "] has to be after the current time [" + now + "].");
    }
  }

  private String sign(String sp, String se, String container, BlobPath blob, String sv) {
    String resource = "/blob/" + hostName + "/" + container + "/" + blob.value();
    String toSign = sp + "\n" + se + "\n" + resource + "\n" + sv;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JVM has HmacSHA256 and it takes any key", e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
