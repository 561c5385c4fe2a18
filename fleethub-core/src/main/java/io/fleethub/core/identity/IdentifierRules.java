package io.fleethub.core.identity;

/**
 * IoT Hub's rules for device and module ids: case-sensitive, 1 to 128 characters of 7-bit ASCII letters and
 * digits plus {@code - : . + % _ # * ? ! ( ) , = @ ; $ '}.
 */
final class IdentifierRules {
  static final int MAX_LENGTH = 128;
  private static final String ALLOWED_SYMBOLS = "-:.+%_#*?!(),=@;$'";

  private IdentifierRules() {}

  /** Returns the value, or throws {@link IllegalArgumentException} saying which rule it breaks. */
  static String require(String kind, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(kind + " must not be empty");
    }
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(kind + " is longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!letterOrDigit && ALLOWED_SYMBOLS.indexOf(c) < 0) {
        throw new IllegalArgumentException(
            kind + " '" + value + "' has the character '" + c + "', which IoT Hub ids may not contain");
      }
    }
    return value;
  }
}
