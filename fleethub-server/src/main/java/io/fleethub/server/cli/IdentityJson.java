package io.fleethub.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.server.ConnectionStrings;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds the device and module bodies the CLI sends, from {@code az}-style options, and derives connection
 * strings from the identities the hub returns. Stateless.
 */
final class IdentityJson {
  static final String AUTH_METHODS = "shared_private_key, x509_thumbprint, x509_ca";

  private IdentityJson() {}

  /**
   * The {@code authentication} object for an {@code --auth-method}: {@code shared_private_key} (keys the hub
   * generates), {@code x509_thumbprint} (with the given thumbprints) or {@code x509_ca}.
   */
  static ObjectNode authentication(String authMethod, Optional<String> primaryThumbprint,
      Optional<String> secondaryThumbprint) {
    ObjectNode authentication = JsonOutput.JSON.createObjectNode();
    String method = authMethod.toLowerCase(Locale.ROOT);
    if (!method.equals("x509_thumbprint") && (primaryThumbprint.isPresent() || secondaryThumbprint.isPresent())) {
      throw new CliException("--primary-thumbprint and --secondary-thumbprint go with --auth-method x509_thumbprint");
    }
    switch (method) {
      case "shared_private_key" -> authentication.put("type", "sas");
      case "x509_thumbprint" -> {
        if (primaryThumbprint.isEmpty() && secondaryThumbprint.isEmpty()) {
          throw new CliException("--auth-method x509_thumbprint needs --primary-thumbprint or --secondary-thumbprint");
        }
        authentication.put("type", "selfSigned");
        authentication.putObject("x509Thumbprint")
            .put("primaryThumbprint", primaryThumbprint.orElse(null))
            .put("secondaryThumbprint", secondaryThumbprint.orElse(null));
      }
      case "x509_ca" -> authentication.put("type", "certificateAuthority");
      default -> throw new CliException("--auth-method must be one of " + AUTH_METHODS + ", not '" + authMethod + "'");
    }
    return authentication;
  }

  /** {@code enabled} or {@code disabled}, any case. */
  static String status(String status) {
    String normalized = status.toLowerCase(Locale.ROOT);
    if (!normalized.equals("enabled") && !normalized.equals("disabled")) {
      throw new CliException("--status must be enabled or disabled, not '" + status + "'");
    }
    return normalized;
  }

  /**
   * The connection string of a device or module as the hub returned it: with its {@code keyType} key
   * ({@code primary} or {@code secondary}) for SAS identities, {@code x509=true} for certificate ones.
   */
  static String connectionString(String hostName, JsonNode identity, String keyType) {
    String deviceId = identity.path("deviceId").asText();
    Optional<String> moduleId = Optional.ofNullable(identity.get("moduleId"))
        .filter(JsonNode::isTextual)
        .map(JsonNode::asText);
    JsonNode authentication = identity.path("authentication");
    String type = authentication.path("type").asText("sas");
    if (!type.equals("sas")) {
      return ConnectionStrings.x509Identity(hostName, deviceId, moduleId);
    }
    String field = switch (keyType.toLowerCase(Locale.ROOT)) {
      case "primary" -> "primaryKey";
      case "secondary" -> "secondaryKey";
      default -> throw new CliException("--key-type must be primary or secondary, not '" + keyType + "'");
    };
    String key = authentication.path("symmetricKey").path(field).asText("");
    if (key.isEmpty()) {
      String identityName = deviceId + moduleId.map(m -> "/" + m).orElse("");
      throw new CliException("the hub returned no " + field + " for " + identityName);
    }
    return ConnectionStrings.identity(hostName, deviceId, moduleId, key);
  }
}
