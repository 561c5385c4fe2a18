package io.fleethub.core.registry;

import java.util.Locale;
import java.util.Optional;

/**
 * Registered certificate thumbprints: hex SHA-1 (40 digits) or SHA-256 (64 digits), stored in upper case with
 * no separators.
 */
public record X509Thumbprint(Optional<String> primaryThumbprint, Optional<String> secondaryThumbprint) {
  public static final X509Thumbprint NONE = new X509Thumbprint(Optional.empty(), Optional.empty());

  public X509Thumbprint {
    primaryThumbprint = primaryThumbprint.map(t -> normalize("primaryThumbprint", t));
    secondaryThumbprint = secondaryThumbprint.map(t -> normalize("secondaryThumbprint", t));
  }

  public static X509Thumbprint of(String primary, String secondary) {
    return new X509Thumbprint(Optional.ofNullable(primary), Optional.ofNullable(secondary));
  }

  /** True when the given thumbprint (any case, colons allowed) is the primary or the secondary one. */
  public boolean matches(String thumbprint) {
    String candidate = thumbprint.replace(":", "").toUpperCase(Locale.ROOT);
    return primaryThumbprint.map(candidate::equals).orElse(false)
        || secondaryThumbprint.map(candidate::equals).orElse(false);
  }

  private static String normalize(String name, String thumbprint) {
    String hex = thumbprint.replace(":", "").toUpperCase(Locale.ROOT);
    if ((hex.length() != 40 && hex.length() != 64) || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException(name + " must be a SHA-1 or SHA-256 thumbprint in hex");
    }
    return hex;
  }
}
