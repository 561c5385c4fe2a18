package io.fleethub.server.config;

/** A setting that cannot be used; the message names the setting and says what is acceptable. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
