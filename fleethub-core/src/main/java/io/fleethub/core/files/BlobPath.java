package io.fleethub.core.files;

import io.fleethub.core.identity.DeviceId;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The name of a blob in the upload container, as IoT Hub names it: {@code {deviceId}/{the name the device chose}}.
 * Valid by Azure Storage's rules (1 to 1,024 characters, fewer than 255 segments) and the hub's, which keep a name
 * a safe relative file path: no empty, {@code .} or {@code ..} segment, no backslash, no control character, and
 * no segment longer than {@value #MAX_ENCODED_SEGMENT} characters once percent-encoded for the file system (plain
 * letters, digits, '_' and '-' count one, any other character three per UTF-8 byte). Case-sensitive.
 */
public record BlobPath(String value) {
  public static final int MAX_CHARS = 1024;
  public static final int MAX_SEGMENTS = 254;
  public static final int MAX_ENCODED_SEGMENT = 240;

  public BlobPath {
    Objects.requireNonNull(value, "value");
    String problem = problemWith(value);
    if (problem != null) {
      throw new IllegalArgumentException("blob name '" + value + "' " + problem);
    }
  }

  /** The blob a device uploads under {@code name}. */
  public static BlobPath of(DeviceId device, String name) {
    return new BlobPath(device.value() + "/" + name);
  }

  /** The device the blob belongs to: its first segment. */
  public String deviceSegment() {
    return value.substring(0, value.indexOf('/') < 0 ? value.length() : value.indexOf('/'));
  }

  /** The segments, each percent-encoded so that it is a plain file name of ASCII letters, digits, '_', '-', '%'. */
  String[] fileNames() {
    String[] segments = value.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      segments[i] = encode(segments[i]);
    }
    return segments;
  }

  private static String problemWith(String value) {
    if (value.isEmpty() || value.length() > MAX_CHARS) {
      return "must have 1 to " + MAX_CHARS + " characters";
    }
    String[] segments = value.split("/", -1);
    if (segments.length > MAX_SEGMENTS) {
      return "must have at most " + MAX_SEGMENTS + " path segments";
    }
    for (String segment : segments) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return "must not have an empty, '.' or '..' path segment";
      }
      if (encode(segment).length() > MAX_ENCODED_SEGMENT) {
        return "must not have a path segment longer than " + MAX_ENCODED_SEGMENT
            + " characters once percent-encoded (letters, digits, '_' and '-' count one, others three per byte)";
      }
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        return "must not contain a backslash or a control character";
      }
    }
    return null;
  }

  private static String encode(String segment) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return encoded.toString();
  }

  @Override
  public String toString() {
    return value;
  }
}
