package io.fleethub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleethub.server.FleethubServer;
import io.fleethub.server.TestHubs;
import io.fleethub.testkit.pki.TestCertificates.Issued;
import io.fleethub.testkit.pki.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleethub certificate ...} run in-process against a started hub, found through its data directory. */
class CertificateCliTest {
  @TempDir
  static Path dataDir;

  @TempDir
  Path files;

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
  void createPrintsTheUploadedCertificateUnverified() {
    Issued ca = TestCertificates.rootCa("CLI Create CA");

    CliRun run = fleethub("certificate", "create", "--name", "cli-create", "--path", write("ca.pem", ca.pem()));

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode certificate = run.json();
    assertThat(certificate.get("name").asText()).isEqualTo("cli-create");
    assertThat(certificate.at("/properties/subject").asText()).isEqualTo("CN=CLI Create CA");
    assertThat(certificate.at("/properties/isVerified").asBoolean(true)).isFalse();
    assertThat(run.out()).startsWith("{\n  \"name\": \"cli-create\",");
  }

  @Test
  void createTakesADerFileAndVerified() throws IOException {
    // GIVEN a CA certificate in a binary .cer file
    Issued ca = TestCertificates.rootCa("CLI DER CA");
    Path cer = files.resolve("ca.cer");
    Files.write(cer, ca.der());

    // WHEN it is uploaded as verified
    CliRun run = fleethub("certificate", "create", "--name", "cli-der", "--path", cer.toString(), "--verified");

    // THEN it is stored as that certificate, verified
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.json().at("/properties/certificate").asText()).isEqualTo(ca.pem());
    assertThat(run.json().at("/properties/isVerified").asBoolean()).isTrue();
  }

  @Test
  void showListAndDeleteWithoutAnEtag() {
    // GIVEN an uploaded certificate
    fleethub("certificate", "create", "--name", "cli-lifecycle",
        "--path", write("ca.pem", TestCertificates.rootCa("CLI Lifecycle CA").pem()));

    // WHEN it is shown, listed, and deleted without --etag
    CliRun show = fleethub("certificate", "show", "--name", "cli-lifecycle");
    CliRun list = fleethub("certificate", "list");
    CliRun delete = fleethub("certificate", "delete", "--name", "cli-lifecycle");

    // THEN each succeeds, and the certificate is gone
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(show.json().get("name").asText()).isEqualTo("cli-lifecycle");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(names(list.json())).contains("cli-lifecycle");
    assertThat(delete.exitCode()).as(delete.err()).isZero();
    assertThat(delete.out()).isEmpty();
    assertThat(names(fleethub("certificate", "list").json())).doesNotContain("cli-lifecycle");
  }

  @Test
  void proofOfPossessionVerifiesTheCertificate() {
    // GIVEN an uploaded CA, and a verification code generated for it without --etag
    Issued ca = TestCertificates.rootCa("CLI Proof CA");
    fleethub("certificate", "create", "--name", "cli-proof", "--path", write("ca.pem", ca.pem()));
    CliRun generate = fleethub("certificate", "generate-verification-code", "--name", "cli-proof");
    assertThat(generate.exitCode()).as(generate.err()).isZero();
    String code = generate.json().at("/properties/verificationCode").asText();

    // WHEN a certificate with the code as CN, signed by the CA, is given to verify
    String proof = write("proof.pem", TestCertificates.leaf(ca, code).pem());
    CliRun verify = fleethub("certificate", "verify", "--name", "cli-proof", "--path", proof);

    // THEN the certificate is verified
    assertThat(verify.exitCode()).as(verify.err()).isZero();
    assertThat(verify.json().at("/properties/isVerified").asBoolean()).isTrue();
    assertThat(fleethub("certificate", "show", "--name", "cli-proof").json().at("/properties/isVerified")
        .asBoolean()).isTrue();
  }

  @Test
  void aProofSignedWithAnotherKeyIsRefusedAndLeavesTheCertificateUnverified() {
    // GIVEN an uploaded CA with a generated code, and a proof with that CN signed with another key
    Issued ca = TestCertificates.rootCa("CLI Forged CA");
    fleethub("certificate", "create", "--name", "cli-forged", "--path", write("ca.pem", ca.pem()));
    String code = fleethub("certificate", "generate-verification-code", "--name", "cli-forged").json()
        .at("/properties/verificationCode").asText();
    String forged = write("forged.pem", TestCertificates.forgedLeaf(ca, code).pem());

    // WHEN it is given to verify
    CliRun run = fleethub("certificate", "verify", "--name", "cli-forged", "--path", forged);

    // THEN IoT Hub's error is printed, and the certificate stays unverified
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("error: ArgumentInvalid: The verification certificate was not signed with the"
        + " private key of certificate 'cli-forged'. (HTTP 400)\n");
    assertThat(fleethub("certificate", "show", "--name", "cli-forged").json().at("/properties/isVerified")
        .asBoolean(true)).isFalse();
  }

  @Test
  void aStaleEtagIsRefusedAndDeletesNothing() {
    // GIVEN a certificate whose etag changed when a code was generated
    fleethub("certificate", "create", "--name", "cli-stale",
        "--path", write("ca.pem", TestCertificates.rootCa("CLI Stale CA").pem()));
    String staleEtag = fleethub("certificate", "show", "--name", "cli-stale").json().get("etag").asText();
    fleethub("certificate", "generate-verification-code", "--name", "cli-stale", "--etag", staleEtag);

    // WHEN it is deleted with the stale etag
    CliRun run = fleethub("certificate", "delete", "--name", "cli-stale", "--etag", staleEtag);

    // THEN 412 is reported, and the certificate is still there
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: PreconditionFailed: ").endsWith("(HTTP 412)\n");
    assertThat(fleethub("certificate", "show", "--name", "cli-stale").exitCode()).isZero();
  }

  @Test
  void creatingATakenNameIsRefused() {
    String pem = write("ca.pem", TestCertificates.rootCa("CLI Twice CA").pem());
    fleethub("certificate", "create", "--name", "cli-twice", "--path", pem);

    CliRun run = fleethub("certificate", "create", "--name", "cli-twice", "--path", pem);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: PreconditionFailed: Certificate 'cli-twice' exists.")
        .endsWith("(HTTP 412)\n");
  }

  @Test
  void aFileWithAPrivateKeyIsRefusedBeforeAnythingIsSent() {
    Issued ca = TestCertificates.rootCa("CLI Key CA");
    String withKey = write("ca-and-key.pem", ca.pem() + ca.privateKeyPem());

    CliRun run = fleethub("certificate", "create", "--name", "cli-key", "--path", withKey);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: " + Path.of(withKey).toAbsolutePath() + " holds a private key; give a"
        + " file with only the certificate (the key stays with you)\n");
    assertThat(names(fleethub("certificate", "list").json())).doesNotContain("cli-key");
  }

  @Test
  void aMissingFileOrUnknownNameIsReported() {
    CliRun missingFile = fleethub("certificate", "create", "--name", "cli-nofile", "--path",
        files.resolve("absent.pem").toString());
    CliRun unknown = fleethub("certificate", "show", "--name", "cli-unknown");

    assertThat(missingFile.exitCode()).isEqualTo(1);
    assertThat(missingFile.err()).isEqualTo("error: certificate file " + files.resolve("absent.pem").toAbsolutePath()
        + " does not exist\n");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err())
        .isEqualTo("error: NotFound: Certificate 'cli-unknown' is not registered. (HTTP 404)\n");
  }

  @Test
  void helpSaysAnOmittedEtagIsReadFirst() {
    CliRun run = fleethub("certificate", "verify", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().replaceAll("\\s+", " ")).contains("--etag=ETAG")
        .contains("(default: read the current etag first, so the command acts on whatever version is current)");
  }

  private String write(String fileName, String content) {
    try {
      return Files.writeString(files.resolve(fileName), content).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CliRun fleethub(String... args) {
    List<String> withDataDir = new ArrayList<>(List.of(args));
    withDataDir.add("--data-dir");
    withDataDir.add(dataDir.toString());
    return CliRun.of(Map.of(), withDataDir.toArray(String[]::new));
  }

  private static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.get("value").forEach(certificate -> names.add(certificate.get("name").asText()));
    return names;
  }
}
