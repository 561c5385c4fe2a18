package io.fleethub.mqtt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes the subscription handles the core hands out, whose close does not fail in practice. */
final class Closing {
  private static final Logger log = LoggerFactory.getLogger(Closing.class);

  private Closing() {}

  /** Closes {@code handle}; a failure is logged, never thrown. */
  static void quietly(AutoCloseable handle, String what) {
    try {
      handle.close();
    } catch (Exception e) {
      log.warn("Could not close the {}", what, e);
    }
  }
}
