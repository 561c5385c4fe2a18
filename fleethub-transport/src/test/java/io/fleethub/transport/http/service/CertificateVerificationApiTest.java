package io.fleethub.transport.http.service;

import static io.fleethub.transport.http.service.CertificateRequests.action;
import static io.fleethub.transport.http.service.CertificateRequests.proofBody;
import static io.fleethub.transport.http.service.IotHubErrorAssert.assertIotHubError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleethub.testkit.pki.TestCertificates.Issued;
import io.fleethub.testkit.pki.TestCertificates;
import io.fleethub.transport.http.RunningHub.Response;
import io.fleethub.transport.http.RunningHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proof of possession over {@code /certificates/{name}/generateVerificationCode} and {@code .../verify}. */
class CertificateVerificationApiTest {
  private static final String NAME = "contoso-root";

  private RunningHub hub;
  private CertificateRequests certificates;
  private Issued contoso;

  @BeforeEach
  void startHubWithAnUnverifiedCa() throws Exception {
    hub = RunningHub.start();
    certificates = new CertificateRequests(hub);
    contoso = TestCertificates.rootCa("Contoso Root CA", RunningHub.START);
    certificates.create(NAME, contoso.pem());
  }

  @AfterEach
  void stopHub() {
    assertThat(hub.storeCallsOnEventLoop()).as("store calls made on an event loop").isEmpty();
    hub.close();
  }

  @Test
  void generateVerificationCodeAnswersTheCodeOnlyThere() {
    // GIVEN the certificate's etag
    String etag = certificates.etag(NAME);

    // WHEN a verification code is generated with it
    Response response = hub.request("POST", action(NAME, "generateVerificationCode")).header("If-Match", etag).send();

    // THEN the answer carries the code and a new etag; a GET shows neither the code nor a verified certificate
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode properties = response.json().get("properties");
    assertThat(properties.get("verificationCode").asText()).isNotBlank();
    assertThat(properties.get("isVerified").asBoolean(true)).isFalse();
    assertThat(response.header("ETag").orElseThrow()).isNotEqualTo(etag);
    assertThat(response.header("ETag")).contains("\"" + response.json().get("etag").asText() + "\"");
    JsonNode read = certificates.get(NAME).json();
    assertThat(read.get("properties").has("verificationCode")).isFalse();
    assertThat(read.get("etag")).isEqualTo(response.json().get("etag"));
  }

  @Test
  void aProofSignedByTheCaWithTheCodeAsCnVerifiesTheCertificate() {
    // GIVEN a generated code, and a leaf with that CN signed with the CA's key
    String code = certificates.generateCode(NAME).json().at("/properties/verificationCode").asText();
    Issued proof = TestCertificates.leaf(contoso, code, RunningHub.START);

    // WHEN the proof is posted with the current etag
    Response response = hub.request("POST", action(NAME, "verify")).header("If-Match", certificates.etag(NAME))
        .body(proofBody(proof.pem())).send();

    // THEN the certificate is verified, as a later GET shows too
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.json().at("/properties/isVerified").asBoolean()).isTrue();
    assertThat(response.json().get("properties").has("verificationCode")).isFalse();
    assertThat(certificates.get(NAME).json()).isEqualTo(response.json());
  }

  @Test
  void aProofSignedWithAnotherKeyIs400AndLeavesTheCertificateUnverified() {
    // GIVEN a generated code, and a leaf with that CN naming the CA as issuer but signed with a stranger's key
    String code = certificates.generateCode(NAME).json().at("/properties/verificationCode").asText();
    Issued forged = TestCertificates.leafSignedBy(contoso.subject(), TestCertificates.strangerKeys(), code,
        RunningHub.START);
    JsonNode before = certificates.get(NAME).json();

    // WHEN it is posted
    Response response = hub.request("POST", action(NAME, "verify")).header("If-Match", certificates.etag(NAME))
        .body(proofBody(forged.pem())).send();

    // THEN 400 saying so, and the certificate is as it was
    assertThat(assertIotHubError(response, 400, "ArgumentInvalid")).contains("not signed with the private key");
    assertThat(certificates.get(NAME).json()).isEqualTo(before);
  }

  @Test
  void aProofWithAnotherCnIs400AndLeavesTheCertificateUnverified() {
    // GIVEN a generated code, and a leaf signed with the CA's key whose CN is not the code
    certificates.generateCode(NAME);
    Issued proof = TestCertificates.leaf(contoso, "not-the-code", RunningHub.START);
    JsonNode before = certificates.get(NAME).json();

    // WHEN it is posted
    Response response = hub.request("POST", action(NAME, "verify")).header("If-Match", certificates.etag(NAME))
        .body(proofBody(proof.pem())).send();

    // THEN 400 saying so, and the certificate is as it was
    assertThat(assertIotHubError(response, 400, "ArgumentInvalid")).contains("is not the verification code");
    assertThat(certificates.get(NAME).json()).isEqualTo(before);
  }

  @Test
  void verifyWithoutIfMatchIs412EvenWithAGoodProof() {
    // GIVEN a generated code and a good proof
    String code = certificates.generateCode(NAME).json().at("/properties/verificationCode").asText();
    Issued proof = TestCertificates.leaf(contoso, code, RunningHub.START);
    JsonNode before = certificates.get(NAME).json();

    // WHEN the proof is posted without If-Match
    Response response = hub.request("POST", action(NAME, "verify")).body(proofBody(proof.pem())).send();

    // THEN 412, and the certificate stays unverified
    assertThat(assertIotHubError(response, 412, "PreconditionFailed")).contains("If-Match");
    assertThat(certificates.get(NAME).json()).isEqualTo(before);
  }

  @Test
  void verifyWithAStaleEtagIs412EvenWithAGoodProof() {
    // GIVEN the etag from before the code was generated, and a good proof
    String staleEtag = certificates.etag(NAME);
    String code = certificates.generateCode(NAME).json().at("/properties/verificationCode").asText();
    Issued proof = TestCertificates.leaf(contoso, code, RunningHub.START);
    JsonNode before = certificates.get(NAME).json();

    // WHEN the proof is posted with the stale etag
    Response response = hub.request("POST", action(NAME, "verify")).header("If-Match", staleEtag)
        .body(proofBody(proof.pem())).send();

    // THEN 412, and the certificate stays unverified
    assertIotHubError(response, 412, "PreconditionFailed");
    assertThat(certificates.get(NAME).json()).isEqualTo(before);
  }

  @Test
  void generateVerificationCodeWithoutIfMatchIs412AndChangesNothing() {
    JsonNode before = certificates.get(NAME).json();

    Response response = hub.request("POST", action(NAME, "generateVerificationCode")).send();

    assertIotHubError(response, 412, "PreconditionFailed");
    assertThat(certificates.get(NAME).json()).isEqualTo(before);
  }

  @Test
  void verifyBeforeAnyCodeWasGeneratedIs400InvalidOperation() {
    Issued proof = TestCertificates.leaf(contoso, "anything", RunningHub.START);
    JsonNode before = certificates.get(NAME).json();

    Response response = hub.request("POST", action(NAME, "verify")).header("If-Match", certificates.etag(NAME))
        .body(proofBody(proof.pem())).send();

    assertThat(assertIotHubError(response, 400, "InvalidOperation")).contains("Generate one");
    assertThat(certificates.get(NAME).json()).isEqualTo(before);
  }

  @Test
  void verifyWithoutACertificateInTheBodyIs400() {
    certificates.generateCode(NAME);
    JsonNode before = certificates.get(NAME).json();

    Response response = hub.request("POST", action(NAME, "verify")).header("If-Match", "*").body("{}").send();

    assertIotHubError(response, 400, "ArgumentInvalid");
    assertThat(certificates.get(NAME).json()).isEqualTo(before);
  }
}
