package io.fleethub.transport.http.service;

import static io.fleethub.transport.http.service.CertificateRequests.path;
import static io.fleethub.transport.http.service.CertificateRequests.uploadBody;
import static io.fleethub.transport.http.service.IotHubErrorAssert.assertIotHubError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleethub.testkit.pki.TestCertificates.Issued;
import io.fleethub.testkit.pki.TestCertificates;
import io.fleethub.transport.http.RunningHub.Response;
import io.fleethub.transport.http.RunningHub;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Uploading, reading, replacing and deleting CA certificates over {@code /certificates}. */
class CertificateApiTest {
  private RunningHub hub;
  private CertificateRequests certificates;
  private Issued contoso;

  @BeforeEach
  void startHub() throws Exception {
    hub = RunningHub.start();
    certificates = new CertificateRequests(hub);
    contoso = TestCertificates.rootCa("Contoso Root CA", RunningHub.START);
  }

  @AfterEach
  void stopHub() {
    assertThat(hub.storeCallsOnEventLoop()).as("store calls made on an event loop").isEmpty();
    hub.close();
  }

  @Test
  void uploadCreatesTheCertificateWith201InArmShape() throws Exception {
    // WHEN a CA certificate is PUT under a new name, without If-Match
    Response response = hub.request("PUT", path("contoso-root")).body(uploadBody(contoso.pem())).send();

    // THEN 201, and a CertificateDescription with what the hub read from the certificate
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    JsonNode description = response.json();
    assertThat(fieldNames(description)).containsExactly("name", "etag", "type", "properties");
    assertThat(description.get("name").asText()).isEqualTo("contoso-root");
    assertThat(description.get("type").asText()).isEqualTo("Microsoft.Devices/IotHubs/Certificates");
    JsonNode properties = description.get("properties");
    assertThat(fieldNames(properties))
        .containsExactly("subject", "expiry", "thumbprint", "isVerified", "created", "updated", "certificate");
    assertThat(properties.get("subject").asText()).isEqualTo("CN=Contoso Root CA");
    assertThat(properties.get("expiry").asText()).isEqualTo("Wed, 01 Jan 2025 03:04:05 GMT");
    assertThat(properties.get("thumbprint").asText()).isEqualTo(sha1(contoso));
    assertThat(properties.get("isVerified").asBoolean(true)).isFalse();
    assertThat(properties.get("created").asText()).isEqualTo("Tue, 02 Jan 2024 03:04:05 GMT");
    assertThat(properties.get("updated").asText()).isEqualTo("Tue, 02 Jan 2024 03:04:05 GMT");
    assertThat(properties.get("certificate").asText()).isEqualTo(contoso.pem());
    assertThat(response.header("ETag")).contains("\"" + description.get("etag").asText() + "\"");
  }

  @Test
  void getAnswersTheCertificateAsUploaded() {
    // GIVEN an uploaded certificate
    Response created = certificates.create("contoso-root", contoso.pem());

    // WHEN it is read
    Response read = certificates.get("contoso-root");

    // THEN body and etag are those of the upload
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json()).isEqualTo(created.json());
    assertThat(read.header("ETag")).isEqualTo(created.header("ETag"));
  }

  @Test
  void listAnswersEveryCertificateUnderValueInNameOrder() {
    // GIVEN two certificates uploaded in reverse name order
    Response second = certificates.create("zeta", TestCertificates.rootCa("Zeta CA", RunningHub.START).pem());
    Response first = certificates.create("alpha", contoso.pem());

    // WHEN the certificates are listed
    Response list = hub.request("GET", "/certificates?api-version=2023-06-30").send();

    // THEN a CertificateListDescription holds both, by name
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    assertThat(fieldNames(list.json())).containsExactly("value");
    assertThat(list.json().get("value")).containsExactly(first.json(), second.json());
  }

  @Test
  void uploadAcceptsTheBareBodyOfOlderApiVersionsAndIsVerified() {
    // WHEN a certificate is uploaded without the properties wrapper, asked to be registered as verified
    String body = "{\"certificate\":" + quoted(contoso.pem()) + ",\"isVerified\":true}";
    Response response = hub.request("PUT", path("bare")).body(body).send();

    // THEN it is created verified
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    assertThat(response.json().at("/properties/isVerified").asBoolean()).isTrue();
  }

  @Test
  void uploadWithTheCurrentEtagReplacesWith200KeepingTheCreationTime() {
    // GIVEN a certificate, and time passing
    Response created = certificates.create("contoso-root", contoso.pem());
    hub.clock().advance(Duration.ofMinutes(10));
    Issued renewed = TestCertificates.rootCa("Contoso Root CA 2", RunningHub.START);

    // WHEN another certificate is PUT under its name with its etag
    Response replaced = hub.request("PUT", path("contoso-root")).header("If-Match", created.header("ETag").get())
        .body(uploadBody(renewed.pem())).send();

    // THEN 200, the new certificate, the old creation time, and a new etag
    assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
    JsonNode properties = replaced.json().get("properties");
    assertThat(properties.get("subject").asText()).isEqualTo("CN=Contoso Root CA 2");
    assertThat(properties.get("created").asText()).isEqualTo("Tue, 02 Jan 2024 03:04:05 GMT");
    assertThat(properties.get("updated").asText()).isEqualTo("Tue, 02 Jan 2024 03:14:05 GMT");
    assertThat(replaced.header("ETag")).isNotEqualTo(created.header("ETag"));
    assertThat(certificates.get("contoso-root").json()).isEqualTo(replaced.json());
  }

  @Test
  void uploadToATakenNameWithoutIfMatchIs412AndChangesNothing() {
    // GIVEN a certificate
    Response created = certificates.create("contoso-root", contoso.pem());

    // WHEN another is PUT under its name without If-Match
    Response response = hub.request("PUT", path("contoso-root"))
        .body(uploadBody(TestCertificates.rootCa("Other CA", RunningHub.START).pem())).send();

    // THEN 412 PreconditionFailed, and the certificate is as it was
    assertIotHubError(response, 412, "PreconditionFailed");
    assertThat(certificates.get("contoso-root").json()).isEqualTo(created.json());
  }

  @Test
  void uploadWithAStaleEtagIs412AndChangesNothing() {
    // GIVEN a certificate replaced since its etag was read
    Response created = certificates.create("contoso-root", contoso.pem());
    Response current = hub.request("PUT", path("contoso-root")).header("If-Match", "*")
        .body(uploadBody(TestCertificates.rootCa("Second CA", RunningHub.START).pem())).send();

    // WHEN it is replaced with the stale etag
    Response response = hub.request("PUT", path("contoso-root")).header("If-Match", created.header("ETag").get())
        .body(uploadBody(TestCertificates.rootCa("Third CA", RunningHub.START).pem())).send();

    // THEN 412, and the certificate is the second one
    assertIotHubError(response, 412, "PreconditionFailed");
    assertThat(certificates.get("contoso-root").json()).isEqualTo(current.json());
  }

  @Test
  void deleteWithTheEtagAnswers200ThenTheNameIsUnknown() {
    // GIVEN a certificate
    Response created = certificates.create("contoso-root", contoso.pem());

    // WHEN it is deleted with its etag
    Response deleted = hub.request("DELETE", path("contoso-root")).header("If-Match", created.header("ETag").get())
        .send();

    // THEN 200 with no body, and it is gone
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    assertThat(deleted.body()).isEmpty();
    assertIotHubError(certificates.get("contoso-root"), 404, "NotFound");
    assertThat(names()).isEmpty();
  }

  @Test
  void deleteOfAnAbsentCertificateAnswers204() {
    Response response = hub.request("DELETE", path("never-uploaded")).header("If-Match", "*").send();

    assertThat(response.status()).as(response.toString()).isEqualTo(204);
  }

  @Test
  void deleteWithoutIfMatchOrWithAStaleEtagIs412AndDeletesNothing() {
    // GIVEN a certificate whose first etag has gone stale
    Response created = certificates.create("contoso-root", contoso.pem());
    Response current = hub.request("PUT", path("contoso-root")).header("If-Match", "*")
        .body(uploadBody(contoso.pem())).send();

    // WHEN it is deleted without If-Match, and with the stale etag
    Response withoutEtag = hub.request("DELETE", path("contoso-root")).send();
    Response staleEtag = hub.request("DELETE", path("contoso-root")).header("If-Match", created.header("ETag").get())
        .send();

    // THEN both are 412, and it is still there
    assertThat(assertIotHubError(withoutEtag, 412, "PreconditionFailed")).contains("If-Match");
    assertIotHubError(staleEtag, 412, "PreconditionFailed");
    assertThat(certificates.get("contoso-root").json()).isEqualTo(current.json());
  }

  @Test
  void anUnknownNameIs404NotFound() {
    assertIotHubError(certificates.get("unknown"), 404, "NotFound");
    assertIotHubError(hub.request("POST", CertificateRequests.action("unknown", "generateVerificationCode"))
        .header("If-Match", "*").send(), 404, "NotFound");
    assertIotHubError(hub.request("POST", CertificateRequests.action("unknown", "verify")).header("If-Match", "*")
        .body(CertificateRequests.proofBody(contoso.pem())).send(), 404, "NotFound");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bad%20name", "caf%C3%A9", "a%2Fb", "name+plus"})
  void anInvalidNameIs400AndCreatesNothing(String encodedName) {
    Response put = hub.request("PUT", path(encodedName)).body(uploadBody(contoso.pem())).send();
    Response get = hub.request("GET", path(encodedName)).send();

    assertThat(assertIotHubError(put, 400, "ArgumentInvalid")).contains("certificate name");
    assertIotHubError(get, 400, "ArgumentInvalid");
    assertThat(names()).isEmpty();
  }

  @Test
  void aNameOf64CharactersIsAcceptedAndOf65Refused() {
    assertThat(hub.request("PUT", path("n".repeat(64))).body(uploadBody(contoso.pem())).send().status())
        .isEqualTo(201);
    assertIotHubError(hub.request("PUT", path("n".repeat(65))).body(uploadBody(contoso.pem())).send(), 400,
        "ArgumentInvalid");
    assertThat(names()).containsExactly("n".repeat(64));
  }

  @Test
  void aMalformedCertificateIs400AndCreatesNothing() {
    String malformed = "-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n";

    Response response = hub.request("PUT", path("broken")).body(uploadBody(malformed)).send();

    assertThat(assertIotHubError(response, 400, "ArgumentInvalid")).contains("not a valid X.509 certificate");
    assertThat(names()).isEmpty();
  }

  @Test
  void aBodyHoldingAPrivateKeyIs400AndStoresNothing() {
    Response response = hub.request("PUT", path("with-key"))
        .body(uploadBody(contoso.pem() + contoso.privateKeyPem())).send();

    assertThat(assertIotHubError(response, 400, "ArgumentInvalid")).contains("private key");
    assertThat(names()).isEmpty();
  }

  @Test
  void aLeafCertificateIsRefusedAsACa() {
    Issued leaf = TestCertificates.leaf(contoso, "device-1", RunningHub.START);

    Response response = hub.request("PUT", path("leaf")).body(uploadBody(leaf.pem())).send();

    assertThat(assertIotHubError(response, 400, "ArgumentInvalid")).contains("CA:FALSE");
    assertThat(names()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "[]", "{}", "{\"properties\":{}}", "{\"properties\":\"pem\"}",
      "{\"properties\":{\"certificate\":42}}", "{\"certificate\":\"x\",\"isVerified\":\"yes\"}"})
  void anUnusableBodyIs400AndCreatesNothing(String body) {
    Response response = hub.request("PUT", path("contoso-root")).body(body).send();

    assertIotHubError(response, 400, "ArgumentInvalid");
    assertThat(names()).isEmpty();
  }

  @Test
  void requestsWithoutATokenAre401AndChangeNothing() {
    // GIVEN a certificate
    Response created = certificates.create("contoso-root", contoso.pem());

    // WHEN it is read, replaced, deleted and listed without a token
    Response get = hub.request("GET", path("contoso-root")).withoutToken().send();
    Response list = hub.request("GET", "/certificates").withoutToken().send();
    Response put = hub.request("PUT", path("contoso-root")).withoutToken().header("If-Match", "*")
        .body(uploadBody(TestCertificates.rootCa("Intruder CA", RunningHub.START).pem())).send();
    Response delete = hub.request("DELETE", path("contoso-root")).withoutToken().header("If-Match", "*").send();

    // THEN each is 401, and the certificate is as it was
    for (Response response : List.of(get, list, put, delete)) {
      assertIotHubError(response, 401, "IotHubUnauthorizedAccess");
    }
    assertThat(certificates.get("contoso-root").json()).isEqualTo(created.json());
  }

  @Test
  void registryReadMayReadButNotWrite() {
    // GIVEN a certificate, and a token of the registryRead policy
    Response created = certificates.create("contoso-root", contoso.pem());
    String readOnly = hub.token("registryRead");

    // WHEN that token reads, creates, replaces, deletes and runs the proof-of-possession actions
    Response get = hub.request("GET", path("contoso-root")).token(readOnly).send();
    Response list = hub.request("GET", "/certificates").token(readOnly).send();
    Response create = hub.request("PUT", path("other")).token(readOnly).body(uploadBody(contoso.pem())).send();
    Response replace = hub.request("PUT", path("contoso-root")).token(readOnly).header("If-Match", "*")
        .body(uploadBody(TestCertificates.rootCa("Intruder CA", RunningHub.START).pem())).send();
    Response delete = hub.request("DELETE", path("contoso-root")).token(readOnly).header("If-Match", "*").send();
    Response generate = hub.request("POST", CertificateRequests.action("contoso-root", "generateVerificationCode"))
        .token(readOnly).header("If-Match", "*").send();
    Response verify = hub.request("POST", CertificateRequests.action("contoso-root", "verify")).token(readOnly)
        .header("If-Match", "*").body(CertificateRequests.proofBody(contoso.pem())).send();

    // THEN reads succeed, every write is 403, and nothing changed
    assertThat(get.status()).isEqualTo(200);
    assertThat(list.status()).isEqualTo(200);
    for (Response response : List.of(create, replace, delete, generate, verify)) {
      assertIotHubError(response, 403, "Forbidden");
    }
    assertThat(names()).containsExactly("contoso-root");
    assertThat(certificates.get("contoso-root").json()).isEqualTo(created.json());
  }

  @Test
  void aPolicyWithoutRegistryReadMayNotRead() {
    certificates.create("contoso-root", contoso.pem());

    Response response = hub.request("GET", path("contoso-root")).token(hub.token("service")).send();

    assertIotHubError(response, 403, "Forbidden");
  }

  @Test
  void registryReadWriteMayUploadAndDelete() {
    String readWrite = hub.token("registryReadWrite");

    Response create = hub.request("PUT", path("contoso-root")).token(readWrite).body(uploadBody(contoso.pem())).send();
    Response delete = hub.request("DELETE", path("contoso-root")).token(readWrite)
        .header("If-Match", create.header("ETag").orElseThrow()).send();

    assertThat(create.status()).as(create.toString()).isEqualTo(201);
    assertThat(delete.status()).as(delete.toString()).isEqualTo(200);
  }

  private List<String> names() {
    Response list = hub.request("GET", "/certificates").send();
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    list.json().get("value").forEach(certificate -> names.add(certificate.get("name").asText()));
    return names;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String sha1(Issued issued) throws Exception {
    return HexFormat.of().withUpperCase()
        .formatHex(MessageDigest.getInstance("SHA-1").digest(issued.certificate().getEncoded()));
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\n", "\\n") + "\"";
  }
}
