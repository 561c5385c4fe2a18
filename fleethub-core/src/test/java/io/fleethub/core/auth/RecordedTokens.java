package io.fleethub.core.auth;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The SAS tokens in {@code sas/recorded-tokens.json}, made by the official Azure IoT SDKs; the README.md next to
 * that file says which call made each one and how to regenerate them.
 */
final class RecordedTokens {
  private static final Vectors VECTORS = load();

  private RecordedTokens() {}

  /** Which SDK made a token: its package, version and the call. */
  record Producer(String sdk, String version, String api) {}

  /** What the token was made for, as given to the SDK; ids unencoded. */
  record Resource(String hostName, String deviceId, String moduleId, String policy) {}

  /**
   * One recorded token.
   *
   * @param keyRole the name in {@link #keys()} of the key that signed it
   * @param expiry the {@code se} the SDK wrote, in epoch seconds
   * @param scopeTarget the host and path the token must cover, unencoded
   */
  record Recorded(String name, Producer producer, String keyRole, String key, long expiry, Resource resource,
      String token, String scopeTarget) {
    /** The name, so that parameterised tests show which token failed. */
    @Override
    public String toString() {
      return name;
    }
  }

  record Vectors(String description, String hostName, long fixedExpiry, Map<String, String> keys,
      List<Recorded> tokens) {}

  static List<Recorded> all() {
    return VECTORS.tokens();
  }

  static Recorded named(String name) {
    return all().stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no recorded token named " + name));
  }

  /** Every key used in the file, by role: devicePrimary, deviceSecondary, policyPrimary, policySecondary, unrelated. */
  static Map<String, String> keys() {
    return VECTORS.keys();
  }

  static String key(String role) {
    String key = keys().get(role);
    if (key == null) {
      throw new IllegalArgumentException("no key with role " + role);
    }
    return key;
  }

  /** The hub host name every token was made for. */
  static String hostName() {
    return VECTORS.hostName();
  }

  private static Vectors load() {
    try (InputStream in = RecordedTokens.class.getResourceAsStream("/sas/recorded-tokens.json")) {
      if (in == null) {
        throw new IllegalStateException("sas/recorded-tokens.json is not on the test class path");
      }
      return new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .readValue(in, Vectors.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
