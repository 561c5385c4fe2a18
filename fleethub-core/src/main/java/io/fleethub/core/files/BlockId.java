package io.fleethub.core.files;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A block's id as Azure Storage's Put Block and Put Block List carry it: a Base64 string of at most
 * {@value #MAX_BYTES} bytes once decoded.
 */
public record BlockId(String value) {
  public static final int MAX_BYTES = 64;

  public BlockId {
    Objects.requireNonNull(value, "value");
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("block id '" + value + "' is not Base64");
    }
    if (decoded.length == 0 || decoded.length > MAX_BYTES) {
      throw new IllegalArgumentException("block id '" + value + "' must decode to 1 to " + MAX_BYTES + " bytes");
    }
  }

  /** A file name for the block: its decoded bytes in hex. */
  String fileName() {
    return HexFormat.of().formatHex(Base64.getDecoder().decode(value));
  }
}
