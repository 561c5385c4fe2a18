package io.fleethub.core.twin;

/**
 * The three parts of a twin that clients write, each with IoT Hub's size limit (docs: iot-hub-devguide-device-twins,
 * "Device twin size"): 8 KB of tags, 32 KB each of desired and reported properties.
 */
public enum TwinSection {
  TAGS("tags", 8 * 1024),
  DESIRED("properties.desired", 32 * 1024),
  REPORTED("properties.reported", 32 * 1024);

  private final String path;
  private final int maxSize;

  TwinSection(String path, int maxSize) {
    this.path = path;
    this.maxSize = maxSize;
  }

  /** Where the section sits in the twin's JSON, for error messages: {@code tags}, {@code properties.desired}. */
  public String path() {
    return path;
  }

  /** The largest size the section may have, by {@link TwinLimits#sizeOf}. */
  public int maxSize() {
    return maxSize;
  }
}
