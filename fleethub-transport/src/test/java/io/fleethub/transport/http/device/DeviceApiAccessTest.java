package io.fleethub.transport.http.device;

import static io.fleethub.transport.http.service.IotHubErrorAssert.assertIotHubError;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.c2d.OutgoingMessage;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.telemetry.MessageProperties;
import io.fleethub.testkit.pki.TestCertificates;
import io.fleethub.transport.http.RunningHub;
import io.fleethub.transport.http.RunningHub.Response;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceApiAccessTest {
  private static final String EVENTS = "/devices/d1/messages/events";
  private static final String QUEUE = "/devices/d1/messages/devicebound";

  private RunningHub hub;
  private DeviceIdentities identities;
  private String d1Key;
  private String d2Key;

  @BeforeEach
  void startHub() throws Exception {
    hub = RunningHub.start();
    identities = new DeviceIdentities(hub);
    d1Key = identities.device("d1");
    d2Key = identities.device("d2");
  }

  @AfterEach
  void stopHub() {
    assertThat(hub.storeCallsOnEventLoop()).as("store calls made on an event loop").isEmpty();
    hub.close();
  }

  @Test
  void refusesARequestWithoutCredentials() {
    assertIotHubError(post(EVENTS, null), 401, "IotHubUnauthorizedAccess");
    assertIotHubError(hub.request("GET", QUEUE).withoutToken().send(), 401, "IotHubUnauthorizedAccess");
    assertThat(hub.eventLog().all()).isEmpty();
  }

  @Test
  void refusesABadlySignedMalformedOrExpiredToken() {
    String wrongKey = identities.token("/devices/d1", d2Key);
    String expired = identities.token("/devices/d1", d1Key, hub.clock().instant().minus(Duration.ofMinutes(6)));

    assertIotHubError(post(EVENTS, wrongKey), 401, "IotHubUnauthorizedAccess");
    assertIotHubError(post(EVENTS, "Bearer nonsense"), 401, "IotHubUnauthorizedAccess");
    assertThat(assertIotHubError(post(EVENTS, expired), 401, "IotHubUnauthorizedAccess")).contains("expired");
    assertThat(hub.eventLog().all()).isEmpty();
  }

  @Test
  void forbidsAnotherDevicesPaths() {
    hub.hub().cloudToDevice().send(IdentityRef.device(DeviceId.of("d1")), OutgoingMessage.of("d1's".getBytes(UTF_8)));
    String d2Token = identities.token("/devices/d2", d2Key);

    assertIotHubError(post(EVENTS, d2Token), 403, "Forbidden");
    assertIotHubError(hub.request("GET", QUEUE).token(d2Token).send(), 403, "Forbidden");
    assertIotHubError(hub.request("DELETE", QUEUE + "/some-lock").token(d2Token).send(), 403, "Forbidden");
    assertThat(hub.eventLog().all()).isEmpty();
    assertThat(hub.hub().cloudToDevice().depth(IdentityRef.device(DeviceId.of("d1")))).isEqualTo(1);
  }

  @Test
  void answersNotFoundForAnUnknownDeviceOrModule() {
    String policy = hub.token("device");

    assertIotHubError(post("/devices/ghost/messages/events", policy), 404, "DeviceNotFound");
    assertIotHubError(post("/devices/ghost/messages/events", identities.token("/devices/ghost", d1Key)), 404,
        "DeviceNotFound");
    assertIotHubError(post("/devices/d1/modules/ghost/messages/events", policy), 404, "ModuleNotFound");
    assertIotHubError(post("/devices/bad%20id/messages/events", policy), 400, "ArgumentInvalid");
  }

  @Test
  void refusesADisabledDevice() {
    identities.disabledDevice("off");
    String policy = hub.token("device");

    assertThat(assertIotHubError(post("/devices/off/messages/events", policy), 401, "IotHubUnauthorizedAccess"))
        .contains("disabled");
    assertThat(hub.eventLog().all()).isEmpty();
  }

  @Test
  void acceptsAPolicyWithDeviceConnectButNotOneWithout() {
    Response device = post(EVENTS, hub.token("device"));
    Response service = post(EVENTS, hub.token("service"));

    assertThat(device.status()).as(device.toString()).isEqualTo(204);
    assertIotHubError(service, 401, "IotHubUnauthorizedAccess");
    assertThat(hub.eventLog().all()).singleElement().satisfies(event -> assertThat(
        event.data().systemProperties().get(MessageProperties.CONNECTION_AUTH_METHOD)).contains("\"scope\":\"hub\""));
  }

  @Test
  void authenticatesASelfSignedCertificateOnTheConnectionForItsOwnPathsOnly() throws Exception {
    // GIVEN a device registered with the thumbprint of its self-signed certificate
    TestCertificates.Issued certificate = TestCertificates.rootCa("x1", RunningHub.START);
    String thumbprint = HexFormat.of().withUpperCase()
        .formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.der()));
    identities.selfSignedDevice("x1", thumbprint);
    TestCertificates.Issued stranger = TestCertificates.rootCa("x1", RunningHub.START);

    // WHEN it posts with no token, presenting the certificate; and to d1's path; and a stranger posts as x1
    Response own = hub.request("POST", "/devices/x1/messages/events").withoutToken()
        .clientCertificate(certificate.certificate(), certificate.keys().getPrivate())
        .body("binary/octet-stream", "by certificate".getBytes(UTF_8)).send();
    Response other = hub.request("POST", EVENTS).withoutToken()
        .clientCertificate(certificate.certificate(), certificate.keys().getPrivate())
        .body("binary/octet-stream", "x".getBytes(UTF_8)).send();
    Response unregistered = hub.request("POST", "/devices/x1/messages/events").withoutToken()
        .clientCertificate(stranger.certificate(), stranger.keys().getPrivate())
        .body("binary/octet-stream", "x".getBytes(UTF_8)).send();

    // THEN only its own message is stored, stamped as authenticated by certificate
    assertThat(own.status()).as(own.toString()).isEqualTo(204);
    assertIotHubError(other, 403, "Forbidden");
    assertIotHubError(unregistered, 401, "IotHubUnauthorizedAccess");
    assertThat(hub.eventLog().all()).singleElement().satisfies(event -> assertThat(
        event.data().systemProperties().get(MessageProperties.CONNECTION_AUTH_METHOD))
        .contains("\"type\":\"x509Certificate\""));
  }

  private Response post(String path, String token) {
    RunningHub.Request request = hub.request("POST", path).withoutToken()
        .body("binary/octet-stream", "payload".getBytes(UTF_8));
    return token == null ? request.send() : request.token(token).send();
  }
}
