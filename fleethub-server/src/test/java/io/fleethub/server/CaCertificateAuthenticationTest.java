package io.fleethub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.auth.DeviceAuthException;
import io.fleethub.core.auth.DeviceAuthMethod;
import io.fleethub.core.auth.DevicePrincipal;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.testkit.pki.TestCertificates.Issued;
import io.fleethub.testkit.pki.TestCertificates;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The point of CA certificate registration, end to end on a started hub: a CA uploaded over the REST API lets an
 * X.509 CA device authenticate with a certificate it signed, once, and only once, possession of its key is proven.
 */
class CaCertificateAuthenticationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dataDir;

  private static FleethubServer server;

  @BeforeAll
  static void startHub() {
    server = TestHubs.start(dataDir);
  }

  @AfterAll
  static void stopHub() {
    server.close();
  }

  @Test
  void aDeviceCertificateSignedByAnUploadedCaAuthenticatesOnceTheCaIsVerified() throws Exception {
    // GIVEN a CA uploaded over REST, and a certificateAuthority device with a certificate the CA signed
    Issued ca = TestCertificates.rootCa("E2E Root CA");
    assertThat(upload("e2e-root", ca).statusCode()).isEqualTo(201);
    createCaDevice("ca-device");
    List<X509Certificate> chain = List.of(TestCertificates.leaf(ca, "ca-device").certificate(), ca.certificate());

    // THEN before proof of possession the device is refused
    assertThatThrownBy(() -> authenticate("ca-device", chain))
        .isInstanceOf(DeviceAuthException.class)
        .hasMessageContaining("no verified CA certificate");

    // WHEN possession of the CA's key is proven over REST
    proveAndVerify("e2e-root", ca);

    // THEN the device authenticates as an X.509 CA device
    DevicePrincipal principal = authenticate("ca-device", chain);
    assertThat(principal.identity()).isEqualTo(IdentityRef.device(DeviceId.of("ca-device")));
    assertThat(principal.method()).isEqualTo(DeviceAuthMethod.X509_CA);

    // AND once the CA is deleted over REST it is refused again
    HttpResponse<String> deleted = send(HttpRequest.newBuilder(TestHubs.uri(server.info(), "/certificates/e2e-root"))
        .header("If-Match", etag("e2e-root")).DELETE());
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    assertThatThrownBy(() -> authenticate("ca-device", chain)).isInstanceOf(DeviceAuthException.class);
  }

  @Test
  void aVerifiedCaVouchesForNeitherAForgedLeafNorAnotherDevicesName() throws Exception {
    // GIVEN a verified CA and a certificateAuthority device
    Issued ca = TestCertificates.rootCa("E2E Strict CA");
    upload("e2e-strict", ca);
    proveAndVerify("e2e-strict", ca);
    createCaDevice("strict-device");

    // WHEN it presents a leaf naming the CA as issuer but signed with another key, or one the CA made for another
    List<X509Certificate> forged = List.of(TestCertificates.forgedLeaf(ca, "strict-device").certificate());
    List<X509Certificate> misnamed = List.of(TestCertificates.leaf(ca, "some-other-device").certificate());

    // THEN both are refused, while the CA's own leaf for it is accepted
    assertThatThrownBy(() -> authenticate("strict-device", forged))
        .isInstanceOf(DeviceAuthException.class)
        .hasMessageContaining("does not chain to a verified CA certificate");
    assertThatThrownBy(() -> authenticate("strict-device", misnamed))
        .isInstanceOf(DeviceAuthException.class)
        .hasMessageContaining("is not 'strict-device'");
    assertThat(authenticate("strict-device", List.of(TestCertificates.leaf(ca, "strict-device").certificate()))
        .method()).isEqualTo(DeviceAuthMethod.X509_CA);
  }

  private static DevicePrincipal authenticate(String deviceId, List<X509Certificate> chain) {
    return server.hub().deviceAuthenticator()
        .authenticateCertificate(IdentityRef.device(DeviceId.of(deviceId)), chain);
  }

  private static HttpResponse<String> upload(String name, Issued ca) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("properties").put("certificate", ca.pem());
    return send(HttpRequest.newBuilder(TestHubs.uri(server.info(), "/certificates/" + name))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  private static void createCaDevice(String deviceId) throws Exception {
    String body = "{\"deviceId\":\"" + deviceId + "\",\"authentication\":{\"type\":\"certificateAuthority\"}}";
    HttpResponse<String> response = send(HttpRequest.newBuilder(TestHubs.uri(server.info(), "/devices/" + deviceId))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  /** Generates a verification code, then posts a proof with that CN signed by {@code ca}; requires success. */
  private static void proveAndVerify(String name, Issued ca) throws Exception {
    HttpResponse<String> generated = send(HttpRequest.newBuilder(
            TestHubs.uri(server.info(), "/certificates/" + name + "/generateVerificationCode"))
        .header("If-Match", etag(name))
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(generated.statusCode()).as(generated.body()).isEqualTo(200);
    String code = JSON.readTree(generated.body()).at("/properties/verificationCode").asText();
    String proof = JSON.createObjectNode().put("certificate", TestCertificates.leaf(ca, code).pem()).toString();
    HttpResponse<String> verified = send(HttpRequest.newBuilder(
            TestHubs.uri(server.info(), "/certificates/" + name + "/verify"))
        .header("If-Match", etag(name))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(proof)));
    assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
    assertThat(JSON.readTree(verified.body()).at("/properties/isVerified").asBoolean()).isTrue();
  }

  private static String etag(String name) throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(
        TestHubs.uri(server.info(), "/certificates/" + name)).GET());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.headers().firstValue("ETag").orElseThrow();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return TestHubs.send(server.info(), request);
  }
}
