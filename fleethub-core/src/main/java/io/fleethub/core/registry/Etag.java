package io.fleethub.core.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * An opaque entity tag, derived from a record's version the way IoT Hub's look ({@code "MTI="}: base64 of the
 * decimal version). {@link #ANY} is the {@code *} of an {@code If-Match} header.
 */
public record Etag(String value) {
  public static final Etag ANY = new Etag("*");

  public Etag {
    Objects.requireNonNull(value, "value");
  }

  public static Etag ofVersion(long version) {
    return new Etag(Base64.getEncoder().encodeToString(Long.toString(version).getBytes(StandardCharsets.US_ASCII)));
  }

  /** Reads an {@code If-Match} or body etag: surrounding quotes and a weak {@code W/} prefix are dropped. */
  public static Etag parse(String text) {
    String value = text.trim();
    if (value.startsWith("W/")) {
      value = value.substring(2);
    }
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    return new Etag(value);
  }

  /** True when this precondition holds for a record at the given version. */
  public boolean matchesVersion(long version) {
    return this.equals(ANY) || this.equals(ofVersion(version));
  }

  /** The header form, in double quotes. */
  public String quoted() {
    return "\"" + value + "\"";
  }
}
