package io.fleethub.mqtt;

import io.fleethub.core.auth.DeviceAuthException;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;

/**
 * The CONNACK return code for each way a CONNECT can fail after it was read (docs/protocols/mqtt.md has the
 * whole table, including the codes {@link ConnectRequest#parse} gives).
 *
 * <p>IoT Hub answers every authentication failure with 5 (not authorized), whatever the cause: the Azure SDKs
 * read 5 as bad or expired credentials (the Java SDK raises {@code MqttUnauthorizedException}, reports
 * {@code BAD_CREDENTIAL} or {@code EXPIRED_SAS_TOKEN}, and retries after renewing a token it can renew), and a
 * stranger learns nothing about which devices exist or are disabled. A failure of the hub itself is 3 (server
 * unavailable), which the Java SDK treats as retryable.
 */
final class ConnackCodes {
  private ConnackCodes() {}

  static MqttConnectReturnCode forAuthenticationFailure(DeviceAuthException.Reason reason) {
    return switch (reason) {
      case UNKNOWN_IDENTITY, DISABLED, BAD_CREDENTIALS, EXPIRED ->
          MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
    };
  }

  /** The hub could not decide (a store failed, or it is shutting down): the client should retry later. */
  static MqttConnectReturnCode forHubFailure() {
    return MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
  }
}
