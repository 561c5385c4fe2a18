package io.fleethub.core.presence;

/** A transport's handle on one open device connection, so the core can end it. */
public interface DeviceConnection {
  /**
   * Ends the connection in the protocol's own way, giving {@code reason}. Called at most once per cause, from
   * any thread; must not block. Ending an already ended connection does nothing.
   */
  void close(String reason);
}
