package io.fleethub.core.twin;

import static io.fleethub.core.twin.Json.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.registry.Activity;
import io.fleethub.core.registry.Authentication;
import io.fleethub.core.registry.ConnectionState;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.DeviceStatus;
import io.fleethub.core.registry.Module;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TwinJsonTest {
  private static final Instant AT = Instant.parse("2026-02-03T04:05:06.7Z");
  private static final String KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  private static final Activity ACTIVITY = new Activity(ConnectionState.CONNECTED, AT, AT.plusSeconds(1), 3);

  @Test
  void deviceTwinForTheServiceHasTheRegistryFieldsThenTagsAndProperties() {
    // GIVEN a disabled, X.509 self-signed edge device announcing a model, and its twin
    Device device = new Device(DeviceId.of("d1"), "gen-1", 5, DeviceStatus.DISABLED, Optional.of("stolen"), AT,
        Authentication.selfSigned("A".repeat(40), null), true, Optional.of("scope-1"), List.of("parent-1"),
        Optional.of("dtmi:com:example:Thermostat;1"), ACTIVITY);
    Twin twin = Twin.empty(IdentityRef.device(device.id()), "gen-1", AT);

    // WHEN it is shaped for the service
    ObjectNode json = TwinJson.service(TwinIdentity.of(device), twin);

    // THEN every field IoT Hub shows is there, in its wire form
    assertThat(json).isEqualTo(json("{'deviceId': 'd1', 'etag': 'AAAAAAAAAAE=', 'deviceEtag': 'NQ==',"
        + "'status': 'disabled', 'statusReason': 'stolen', 'statusUpdateTime': '2026-02-03T04:05:06.7Z',"
        + "'connectionState': 'Connected', 'lastActivityTime': '2026-02-03T04:05:07.7Z',"
        + "'cloudToDeviceMessageCount': 3, 'authenticationType': 'selfSigned',"
        + "'x509Thumbprint': {'primaryThumbprint': '" + "A".repeat(40) + "', 'secondaryThumbprint': null},"
        + "'modelId': 'dtmi:com:example:Thermostat;1', 'version': 1, 'capabilities': {'iotEdge': true},"
        + "'deviceScope': 'scope-1', 'parentScopes': ['parent-1'], 'tags': {},"
        + "'properties': {"
        + "  'desired': {'$metadata': {'$lastUpdated': '2026-02-03T04:05:06.7000000Z', '$lastUpdatedVersion': 1},"
        + "    '$version': 1},"
        + "  'reported': {'$metadata': {'$lastUpdated': '2026-02-03T04:05:06.7000000Z'}, '$version': 1}}}"));
    assertThat(json.fieldNames()).toIterable().startsWith("deviceId", "etag", "deviceEtag")
        .endsWith("tags", "properties");
  }

  @Test
  void moduleTwinForTheServiceNamesTheModuleAndShowsItEnabledWithoutDeviceOnlyFields() {
    Module module = new Module(DeviceId.of("d1"), ModuleId.of("m1"), "gen-2", 2, Optional.empty(),
        Authentication.sas(KEY, KEY), Optional.empty(), Activity.NONE);
    Twin twin = Twin.empty(module.ref(), "gen-2", AT);

    ObjectNode json = TwinJson.service(TwinIdentity.of(module), twin);

    assertThat(json.get("deviceId").asText()).isEqualTo("d1");
    assertThat(json.get("moduleId").asText()).isEqualTo("m1");
    assertThat(json.get("deviceEtag").asText()).isEqualTo("Mg==");
    assertThat(json.get("status").asText()).isEqualTo("enabled");
    assertThat(json.get("statusUpdateTime").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(json.get("lastActivityTime").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(json.get("connectionState").asText()).isEqualTo("Disconnected");
    assertThat(json.get("authenticationType").asText()).isEqualTo("sas");
    assertThat(json.get("modelId").asText()).isEmpty();
    assertThat(json.has("capabilities")).isFalse();
    assertThat(json.has("parentScopes")).isFalse();
    assertThat(json.has("statusReason")).isFalse();
  }

  @Test
  void deviceFormHasOnlyPropertiesWithVersions() {
    Twin twin = new Twin(IdentityRef.device(DeviceId.of("d1")), "gen", 4, json("{'secret': 1}"),
        new TwinProperties(json("{'a': 1}"), 3, json("{'$lastUpdated': 'x', '$lastUpdatedVersion': 3}")),
        new TwinProperties(json("{'b': 2}"), 2, json("{'$lastUpdated': 'y'}")));

    assertThat(TwinJson.device(twin)).isEqualTo(json(
        "{'desired': {'a': 1, '$version': 3}, 'reported': {'b': 2, '$version': 2}}"));
  }
}
