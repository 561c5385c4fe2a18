package io.fleethub.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import java.util.Objects;

/** A CONNECT the endpoint refuses, with the CONNACK return code that tells the client why. */
final class ConnectRefusal extends Exception {
  private final MqttConnectReturnCode code;

  ConnectRefusal(MqttConnectReturnCode code, String message) {
    super(message, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
  }

  MqttConnectReturnCode code() {
    return code;
  }
}
