package io.fleethub.mqtt;

import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_UNSUPPORTED_PROTOCOL_VERSION;

import io.fleethub.core.HubIdentity;
import io.fleethub.core.auth.SasToken;
import io.fleethub.core.auth.SasTokenException;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A CONNECT packet read the way IoT Hub reads it, before any store is consulted.
 *
 * <ul>
 *   <li>Protocol: MQTT 3.1.1 only.
 *   <li>Client id: {@code {deviceId}} or {@code {deviceId}/{moduleId}}, each valid by IoT Hub's id rules.
 *   <li>User name: {@code {host}/{clientId}/?api-version=..[&model-id=..]&DeviceClientType=..}. The host must be
 *       the hub's host name (any case; a {@code :port} suffix is allowed), the client id must be the CONNECT's,
 *       and any api-version is accepted. The older {@code {host}/{clientId}/api-version=..} form and a bare
 *       {@code {host}/{clientId}} are accepted too.
 *   <li>Password: a SAS token; no password means the client authenticates with its TLS certificate.
 * </ul>
 *
 * @param token the SAS token, when the client sent a password
 * @param userNameParameters the user name's query, decoded (api-version, model-id, DeviceClientType, ...)
 */
record ConnectRequest(
    IdentityRef identity,
    Optional<String> token,
    Map<String, String> userNameParameters,
    int keepAliveSeconds,
    Optional<Will> will) {

  /** The will message a client left in its CONNECT. */
  record Will(String topic, byte[] payload, boolean retain) {
    Will {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(payload, "payload");
    }
  }

  ConnectRequest {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(token, "token");
    userNameParameters = Map.copyOf(userNameParameters);
    Objects.requireNonNull(will, "will");
  }

  /** The IoT Plug and Play model id the device announced, if any. */
  Optional<String> modelId() {
    return Optional.ofNullable(userNameParameters.get("model-id")).filter(id -> !id.isBlank());
  }

  /** Reads a CONNECT; throws {@link ConnectRefusal} with the return code IoT Hub gives for what is wrong. */
  static ConnectRequest parse(MqttConnectMessage connect, HubIdentity hub) throws ConnectRefusal {
    MqttConnectVariableHeader header = connect.variableHeader();
    requireMqtt311(header);
    String clientId = connect.payload().clientIdentifier();
    IdentityRef identity = identityOf(clientId);
    if (!header.hasUserName()) {
      throw new ConnectRefusal(CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
          "The CONNECT has no user name; IoT Hub needs '{host}/{clientId}/?api-version=...'.");
    }
    Map<String, String> parameters = userNameParameters(connect.payload().userName(), hub, clientId);
    Optional<String> token = header.hasPassword() ? tokenOf(connect.payload().passwordInBytes()) : Optional.empty();
    Optional<Will> will = header.isWillFlag()
        ? Optional.of(new Will(connect.payload().willTopic(), connect.payload().willMessageInBytes(),
            header.isWillRetain()))
        : Optional.empty();
    return new ConnectRequest(identity, token, parameters, header.keepAliveTimeSeconds(), will);
  }

  private static void requireMqtt311(MqttConnectVariableHeader header) throws ConnectRefusal {
    if (header.version() == MqttVersion.MQTT_3_1_1.protocolLevel()) {
      return;
    }
    String message = "Only MQTT 3.1.1 (protocol level 4) is served, not level " + header.version() + ".";
    throw new ConnectRefusal(header.version() == MqttVersion.MQTT_5.protocolLevel()
        ? CONNECTION_REFUSED_UNSUPPORTED_PROTOCOL_VERSION
        : CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION, message);
  }

  /** The identity a client id names: {@code deviceId} or {@code deviceId/moduleId}. */
  static IdentityRef identityOf(String clientId) throws ConnectRefusal {
    if (clientId == null || clientId.isEmpty()) {
      throw new ConnectRefusal(CONNECTION_REFUSED_IDENTIFIER_REJECTED,
          "The client id must be the device id, or 'deviceId/moduleId'; it is empty.");
    }
    String[] parts = clientId.split("/", -1);
    try {
      if (parts.length == 1) {
        return IdentityRef.device(DeviceId.of(parts[0]));
      }
      if (parts.length == 2) {
        return IdentityRef.module(DeviceId.of(parts[0]), ModuleId.of(parts[1]));
      }
    } catch (IllegalArgumentException e) {
      throw new ConnectRefusal(CONNECTION_REFUSED_IDENTIFIER_REJECTED,
          "The client id '" + clientId + "' is not a valid identity: " + e.getMessage() + ".");
    }
    throw new ConnectRefusal(CONNECTION_REFUSED_IDENTIFIER_REJECTED,
        "The client id '" + clientId + "' must be the device id, or 'deviceId/moduleId'.");
  }

  private static Map<String, String> userNameParameters(String userName, HubIdentity hub, String clientId)
      throws ConnectRefusal {
    int slash = userName.indexOf('/');
    String host = slash < 0 ? userName : userName.substring(0, slash);
    if (!withoutPort(host).equalsIgnoreCase(hub.hostName())) {
      throw badUserName("The user name's host '" + host + "' is not this hub's host name '" + hub.hostName() + "'.");
    }
    String rest = slash < 0 ? "" : userName.substring(slash + 1);
    if (rest.equals(clientId)) {
      return Map.of();
    }
    if (!rest.startsWith(clientId + "/")) {
      throw badUserName("The user name must be '{host}/" + clientId + "/?api-version=...' for client id '"
          + clientId + "', not '" + userName + "'.");
    }
    String query = rest.substring(clientId.length() + 1);
    try {
      return PropertyBag.decode(query.startsWith("?") ? query.substring(1) : query);
    } catch (IllegalArgumentException e) {
      throw badUserName("The user name's query '" + query + "' is malformed: " + e.getMessage() + ".");
    }
  }

  private static String withoutPort(String host) {
    int colon = host.lastIndexOf(':');
    boolean port = colon > 0 && colon < host.length() - 1
        && host.substring(colon + 1).chars().allMatch(c -> c >= '0' && c <= '9');
    return port ? host.substring(0, colon) : host;
  }

  private static Optional<String> tokenOf(byte[] password) throws ConnectRefusal {
    String text = new String(password, StandardCharsets.UTF_8);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      SasToken.parse(text);
    } catch (SasTokenException e) {
      throw new ConnectRefusal(CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
          "The password is not a SAS token: " + e.getMessage() + ".");
    }
    return Optional.of(text);
  }

  private static ConnectRefusal badUserName(String message) {
    return new ConnectRefusal(CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, message);
  }
}
