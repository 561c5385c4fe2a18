package io.fleethub.core.registry;

import java.util.Base64;
import java.util.Optional;

/**
 * A pair of base64 keys. Either key may be absent only in a request, where it means "generate one"; a stored
 * identity of type {@link AuthenticationType#SAS} always has both.
 */
public record SymmetricKey(Optional<String> primaryKey, Optional<String> secondaryKey) {
  /** IoT Hub accepts keys of 16 to 64 bytes. */
  public static final int MIN_KEY_BYTES = 16;

  public static final int MAX_KEY_BYTES = 64;

  public static final SymmetricKey GENERATE = new SymmetricKey(Optional.empty(), Optional.empty());

  public SymmetricKey {
    primaryKey.ifPresent(key -> requireValidKey("primaryKey", key));
    secondaryKey.ifPresent(key -> requireValidKey("secondaryKey", key));
  }

  public static SymmetricKey of(String primaryKey, String secondaryKey) {
    return new SymmetricKey(Optional.of(primaryKey), Optional.of(secondaryKey));
  }

  public boolean isComplete() {
    return primaryKey.isPresent() && secondaryKey.isPresent();
  }

  private static void requireValidKey(String name, String key) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " is not valid base64");
    }
    if (bytes.length < MIN_KEY_BYTES || bytes.length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          name + " must decode to between " + MIN_KEY_BYTES + " and " + MAX_KEY_BYTES + " bytes");
    }
  }
}
