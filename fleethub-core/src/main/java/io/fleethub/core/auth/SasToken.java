package io.fleethub.core.auth;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A shared access signature token, verified exactly as IoT Hub verifies it.
 *
 * <p>Form: {@code SharedAccessSignature sr=..&sig=..&se=..[&skn=..]} with the fields in any order. The HMAC
 * covers the literal {@code sr} as sent (clients encode it differently, so it is never re-encoded) and the
 * literal {@code se}; every other use of the fields is after URL-decoding.
 *
 * @param rawResource the {@code sr} field exactly as it appeared in the token
 * @param rawExpiry the {@code se} field exactly as it appeared
 * @param signature the URL-decoded {@code sig}: base64 of the HMAC-SHA256
 * @param keyName the URL-decoded {@code skn}, present for policy tokens
 */
public record SasToken(String rawResource, String rawExpiry, String signature, Optional<String> keyName) {
  public static final String PREFIX = "SharedAccessSignature ";

  /** How far past its expiry a token is still accepted, as on IoT Hub. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  public SasToken {
    Objects.requireNonNull(rawResource, "rawResource");
    Objects.requireNonNull(rawExpiry, "rawExpiry");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(keyName, "keyName");
  }

  /**
   * Parses a token; throws {@link SasTokenException} saying what is malformed. Every field is checked here,
   * so {@link #resource()} and {@link #expiry()} of a parsed token do not throw.
   */
  public static SasToken parse(String token) {
    if (token == null || !token.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw new SasTokenException("a SAS token must start with '" + PREFIX.trim() + " '");
    }
    String resource = null;
    String expiry = null;
    String signature = null;
    String keyName = null;
    for (String field : token.substring(PREFIX.length()).trim().split("&")) {
      int eq = field.indexOf('=');
      if (eq <= 0) {
        throw new SasTokenException("SAS token field '" + field + "' is not of the form name=value");
      }
      String name = field.substring(0, eq).toLowerCase(Locale.ROOT);
      String value = field.substring(eq + 1);
      switch (name) {
        case "sr" -> resource = requireOnce(name, resource, value);
        case "se" -> expiry = requireOnce(name, expiry, value);
        case "sig" -> signature = requireOnce(name, signature, decode(value));
        case "skn" -> keyName = requireOnce(name, keyName, decode(value));
        default -> throw new SasTokenException("SAS token has an unknown field '" + name + "'");
      }
    }
    if (resource == null || expiry == null || signature == null) {
      throw new SasTokenException("a SAS token needs the fields sr, sig and se");
    }
    SasToken parsed = new SasToken(resource, expiry, signature, Optional.ofNullable(keyName).filter(k -> !k.isEmpty()));
    parsed.expiry();
    parsed.resource();
    return parsed;
  }

  /**
   * Signs a token for {@code resource} (a host name, or host name and path), URL-encoding the resource as the
   * Java service SDK does.
   */
  public static SasToken sign(String resource, String base64Key, Instant expiry, Optional<String> keyName) {
    String rawResource = URLEncoder.encode(resource, StandardCharsets.UTF_8);
    String rawExpiry = Long.toString(expiry.getEpochSecond());
    return new SasToken(rawResource, rawExpiry, hmac(base64Key, rawResource, rawExpiry), keyName);
  }

  /** The resource the token grants access to: {@code sr} URL-decoded, without a trailing slash. */
  public String resource() {
    String decoded = decode(rawResource);
    return decoded.endsWith("/") ? decoded.substring(0, decoded.length() - 1) : decoded;
  }

  public Instant expiry() {
    try {
      return Instant.ofEpochSecond(Long.parseLong(decode(rawExpiry)));
    } catch (NumberFormatException e) {
      throw new SasTokenException("the SAS token's se field is not a number of seconds");
    }
  }

  /** True when the expiry plus {@link #MAX_CLOCK_SKEW} is before {@code now}. */
  public boolean isExpired(Instant now) {
    return expiry().plus(MAX_CLOCK_SKEW).isBefore(now);
  }

  /** True when the signature was made with one of the given base64 keys (tried in order). */
  public boolean isSignedByAnyOf(List<String> base64Keys) {
    return base64Keys.stream().anyMatch(key -> matches(Base64.getDecoder().decode(key)));
  }

  /**
   * True when the signature was made with one of the given keys the way the Event Hubs SDKs sign: with the key's
   * text as UTF-8 bytes rather than its base64-decoded bytes. Event Hubs clients reading IoT Hub's built-in
   * endpoint sign so with the hub's policy keys.
   */
  public boolean isSignedWithKeyTextByAnyOf(List<String> keys) {
    return keys.stream().anyMatch(key -> matches(key.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * True when the token's scope covers {@code target} (host name and path, e.g. {@code hub.example/devices/d1}):
   * the target equals the resource or extends it by whole path segments, compared ignoring case.
   */
  public boolean covers(String target) {
    String scope = resource().toLowerCase(Locale.ROOT);
    String candidate = target.toLowerCase(Locale.ROOT);
    return candidate.equals(scope) || (candidate.startsWith(scope) && candidate.charAt(scope.length()) == '/');
  }

  /** The token's text, fields in the order sr, sig, se, skn. */
  @Override
  public String toString() {
    return PREFIX + "sr=" + rawResource + "&sig=" + URLEncoder.encode(signature, StandardCharsets.UTF_8) + "&se="
        + rawExpiry + keyName.map(k -> "&skn=" + URLEncoder.encode(k, StandardCharsets.UTF_8)).orElse("");
  }

  private boolean matches(byte[] key) {
    byte[] expected = hmac(key, rawResource, rawExpiry).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
  }

  private static String hmac(String base64Key, String rawResource, String rawExpiry) {
    return hmac(Base64.getDecoder().decode(base64Key), rawResource, rawExpiry);
  }

  private static String hmac(byte[] key, String rawResource, String rawExpiry) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest = mac.doFinal((rawResource + "\n" + rawExpiry).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static String decode(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new SasTokenException("the SAS token has a badly URL-encoded field");
    }
  }

  private static String requireOnce(String name, String existing, String value) {
    if (existing != null) {
      throw new SasTokenException("the SAS token has the field '" + name + "' twice");
    }
    return value;
  }
}
