package io.fleethub.core.certificates;

import java.util.regex.Pattern;

/**
 * The name a CA certificate is registered under, valid by IoT Hub's rule for certificate names
 * ({@code ^[A-Za-z0-9-._]{1,64}$}: 1 to 64 ASCII letters, digits, hyphens, periods and underscores).
 * Case-sensitive, and ordered by character code.
 */
public record CertificateName(String value) implements Comparable<CertificateName> {
  public static final int MAX_LENGTH = 64;
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

  /** @throws IllegalArgumentException naming the rule the value breaks */
  public CertificateName {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("certificate name must not be empty");
    }
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("certificate name is longer than " + MAX_LENGTH + " characters");
    }
    if (!ALLOWED.matcher(value).matches()) {
      throw new IllegalArgumentException("certificate name '" + value
          + "' may only contain letters, digits, '-', '.' and '_'");
    }
  }

  public static CertificateName of(String value) {
    return new CertificateName(value);
  }

  @Override
  public int compareTo(CertificateName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
