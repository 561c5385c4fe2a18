package io.fleethub.core.auth;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes the random values the hub hands out: symmetric keys, generation ids and CA certificate verification codes.
 * Thread-safe.
 */
public class KeyGenerator {
  /** Bytes in a generated key; IoT Hub generates 32-byte keys. */
  public static final int KEY_BYTES = 32;

  /** Random bytes in a verification code; IoT Hub's codes are 48 hex digits. */
  public static final int VERIFICATION_CODE_BYTES = 24;

  private final SecureRandom random;

  public KeyGenerator(SecureRandom random) {
    this.random = random;
  }

  public static KeyGenerator secure() {
    return new KeyGenerator(new SecureRandom());
  }

  /** A new base64 key of {@link #KEY_BYTES} random bytes. */
  public String newKey() {
    byte[] bytes = new byte[KEY_BYTES];
    random.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * A generation id in IoT Hub's form: 18 decimal digits, here the creation time in 100 ns ticks since year 1
   * (as .NET writes time) with random low digits, so ids of one id's successive incarnations differ.
   */
  public String generationId(Instant now) {
    long ticksSinceYearOne = 621_355_968_000_000_000L + now.getEpochSecond() * 10_000_000L + now.getNano() / 100;
    long randomLowDigits = random.nextInt(10_000);
    return Long.toString(ticksSinceYearOne - ticksSinceYearOne % 10_000 + randomLowDigits);
  }

  /**
   * A new proof-of-possession verification code in IoT Hub's form: {@link #VERIFICATION_CODE_BYTES} random bytes
   * as upper-case hex, e.g. {@code 75B86466DA34D2B04C0C4C9557A119687ADAE7D4732BDDB3}.
   */
  public String verificationCode() {
    byte[] bytes = new byte[VERIFICATION_CODE_BYTES];
    random.nextBytes(bytes);
    return HexFormat.of().withUpperCase().formatHex(bytes);
  }
}
