package io.fleethub.core.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * IoT Hub's rules for what tags and properties may hold (docs: iot-hub-devguide-device-twins, "Tags and properties
 * format" and "Device twin size"). Every refusal is a {@link HubException} with {@link ErrorCode#ARGUMENT_INVALID}
 * (HTTP 400) whose message names the section, the path and the limit.
 *
 * <ul>
 *   <li>Names: at most {@value #MAX_NAME_BYTES} bytes of UTF-8, without {@code .}, {@code $}, space or control
 *       characters (C0, DEL and C1).
 *   <li>Strings: at most {@value #MAX_STRING_BYTES} bytes of UTF-8.
 *   <li>Integers: from {@value #MIN_INTEGER} to {@value #MAX_INTEGER}.
 *   <li>Depth: at most {@value #MAX_DEPTH} objects nested below the section's own object. The docs' valid example
 *       nests {@code one} to {@code ten} under {@code tags}, with a string inside {@code ten}; an eleventh object
 *       is refused. Arrays add no level; objects inside them do.
 *   <li>Arrays: elements may not be {@code null}.
 *   <li>Size: the section's content, measured by {@link #sizeOf}, at most {@link TwinSection#maxSize()}.
 * </ul>
 */
public final class TwinLimits {
  public static final int MAX_NAME_BYTES = 1024;
  public static final int MAX_STRING_BYTES = 4096;
  public static final long MIN_INTEGER = -4_503_599_627_370_496L;
  public static final long MAX_INTEGER = 4_503_599_627_370_495L;
  public static final int MAX_DEPTH = 10;

  private static final int NUMBER_SIZE = 8;
  private static final int BOOLEAN_SIZE = 4;

  private TwinLimits() {}

  /**
   * Checks the names, values and depth of what a client writes into a section: a patch (whose {@code null} values
   * delete) or a replacement. Read-only {@code $version} and {@code $metadata} must already be removed.
   */
  public static void requireValidContent(TwinSection section, ObjectNode content) {
    requireValidObject(section, content, "", 0);
  }

  /** Refuses a section whose content would exceed its size limit. */
  public static void requireWithinSize(TwinSection section, ObjectNode content) {
    long size = sizeOf(content);
    if (size > section.maxSize()) {
      throw invalid(section.path() + " would be " + size + " bytes after this update; the limit is "
          + section.maxSize() + " bytes (names and string values count their UTF-8 bytes, numbers 8 and booleans 4).");
    }
  }

  /**
   * The size IoT Hub counts for a section: for every property, its name and its value, where names and strings
   * count their UTF-8 bytes without control characters, numbers 8 bytes, booleans 4, {@code null} nothing, and
   * objects and arrays what they contain. {@code $version} and {@code $metadata} are not part of the content.
   */
  public static long sizeOf(ObjectNode content) {
    long size = 0;
    for (Map.Entry<String, JsonNode> field : TwinJsonNodes.fields(content)) {
      size += textSize(field.getKey()) + valueSize(field.getValue());
    }
    return size;
  }

  private static long valueSize(JsonNode value) {
    if (value.isObject()) {
      return sizeOf((ObjectNode) value);
    }
    if (value.isArray()) {
      long size = 0;
      for (JsonNode element : value) {
        size += valueSize(element);
      }
      return size;
    }
    if (value.isTextual()) {
      return textSize(value.textValue());
    }
    if (value.isNumber()) {
      return NUMBER_SIZE;
    }
    if (value.isBoolean()) {
      return BOOLEAN_SIZE;
    }
    return 0;
  }

  private static long textSize(String text) {
    StringBuilder counted = new StringBuilder(text.length());
    text.codePoints().filter(c -> !Character.isISOControl(c)).forEach(counted::appendCodePoint);
    return utf8Length(counted.toString());
  }

  private static void requireValidObject(TwinSection section, ObjectNode object, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw invalid(section.path() + " nests objects " + depth + " levels deep at '" + path + "'; at most "
          + MAX_DEPTH + " levels are allowed.");
    }
    for (Map.Entry<String, JsonNode> field : TwinJsonNodes.fields(object)) {
      String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      requireValidName(section, field.getKey(), fieldPath);
      requireValidValue(section, field.getValue(), fieldPath, depth);
    }
  }

  private static void requireValidValue(TwinSection section, JsonNode value, String path, int depth) {
    if (value.isObject()) {
      requireValidObject(section, (ObjectNode) value, path, depth + 1);
    } else if (value.isArray()) {
      int index = 0;
      for (JsonNode element : value) {
        String elementPath = path + "[" + index++ + "]";
        if (element.isNull()) {
          throw invalid("Arrays may not contain null: " + section.path() + " has one at '" + elementPath + "'.");
        }
        requireValidValue(section, element, elementPath, depth);
      }
    } else if (value.isTextual()) {
      requireValidString(section, value.textValue(), path);
    } else if (value.isIntegralNumber()) {
      requireValidInteger(section, value.bigIntegerValue(), path);
    }
  }

  private static void requireValidName(TwinSection section, String name, String path) {
    int bytes = utf8Length(name);
    if (bytes > MAX_NAME_BYTES) {
      throw invalid("Property or tag names may be at most " + MAX_NAME_BYTES + " bytes; the name at '"
          + abbreviate(path) + "' in " + section.path() + " is " + bytes + " bytes.");
    }
    name.codePoints().filter(TwinLimits::isForbiddenInName).findFirst().ifPresent(c -> {
      throw invalid("Property or tag names may not contain '.', '$', spaces or control characters; the name '"
          + abbreviate(name) + "' in " + section.path() + " contains " + describe(c) + ".");
    });
  }

  private static boolean isForbiddenInName(int c) {
    return c == '.' || c == '$' || c == ' ' || Character.isISOControl(c);
  }

  private static void requireValidString(TwinSection section, String value, String path) {
    int bytes = utf8Length(value);
    if (bytes > MAX_STRING_BYTES) {
      throw invalid("Property or tag values may be at most " + MAX_STRING_BYTES + " bytes; the string at '"
          + abbreviate(path) + "' in " + section.path() + " is " + bytes + " bytes.");
    }
  }

  private static void requireValidInteger(TwinSection section, BigInteger value, String path) {
    if (value.compareTo(BigInteger.valueOf(MIN_INTEGER)) < 0 || value.compareTo(BigInteger.valueOf(MAX_INTEGER)) > 0) {
      throw invalid("Integers must be between " + MIN_INTEGER + " and " + MAX_INTEGER + "; the value at '"
          + abbreviate(path) + "' in " + section.path() + " is " + value + ".");
    }
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String describe(int c) {
    if (Character.isISOControl(c)) {
      return String.format("the control character U+%04X", c);
    }
    return "'" + Character.toString(c) + "'";
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }

  private static HubException invalid(String message) {
    return new HubException(ErrorCode.ARGUMENT_INVALID, message);
  }
}
