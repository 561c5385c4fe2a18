package io.fleethub.bench.mqtt;

/** Hears how each connection attempt ends. Called on the connection's event loop; must not block. */
public interface ConnectionListener {
  /** The server accepted the CONNECT and granted every subscription the device asked for. */
  void ready(DeviceConnection connection, long nowNanos);

  /** The attempt failed before the connection was ready; {@code reason} is short and groups like failures. */
  void failed(DeviceConnection connection, String reason);

  /** A ready connection ended without the client closing it. */
  void lost(DeviceConnection connection, String reason);
}
