package io.fleethub.server;

import io.fleethub.server.config.ServerConfig.Setting;
import java.util.Locale;

/** Turns a listener's failure to bind into a message a user can act on. Stateless. */
final class ListenFailures {
  private ListenFailures() {}

  /**
   * Explains why {@code failure} kept a listener from binding {@code bindAddress:port}, configured by
   * {@code portSetting}, e.g. "cannot bind 443: permission denied — run as root or pass --https-port 8443".
   */
  static StartupException explain(Throwable failure, Setting portSetting, String bindAddress, int port) {
    String reasons = causeMessages(failure).toLowerCase(Locale.ROOT);
    String option = portSetting.option();
    String message;
    if (reasons.contains("permission denied") || reasons.contains("access denied")) {
      message = "cannot bind " + port + ": permission denied — run as root or pass " + option + " "
          + (port < 1024 ? 8000 + port : port + 1);
    } else if (reasons.contains("address already in use")) {
      message = "cannot bind " + port + ": address already in use — stop the process using it or pass " + option
          + " with another port";
    } else if (reasons.contains("cannot assign requested address") || reasons.contains("unresolved")) {
      message = "cannot bind " + bindAddress + ":" + port + ": " + bindAddress + " is not an address of this"
          + " machine — pass --bind with one of its addresses, or 0.0.0.0 for all";
    } else {
      message = "cannot start the listener on " + bindAddress + ":" + port + ": " + causeMessages(failure);
    }
    return new StartupException(message, failure);
  }

  private static String causeMessages(Throwable failure) {
    StringBuilder messages = new StringBuilder();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (messages.length() > 0) {
        messages.append(": ");
      }
      messages.append(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
      if (cause.getCause() == cause) {
        break;
      }
    }
    return messages.toString();
  }
}
