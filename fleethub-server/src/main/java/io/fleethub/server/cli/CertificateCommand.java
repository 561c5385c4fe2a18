package io.fleethub.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fleethub certificate ...}: the CA certificates X.509 CA devices chain to, with proof of possession, in the
 * spirit of {@code az iot hub certificate}. Where IoT Hub requires an etag, {@code --etag} may be left out: the
 * command then reads the certificate's current etag first, and so acts on whatever version is current.
 */
@Command(name = "certificate", mixinStandardHelpOptions = true,
    description = "Upload, show, list and delete CA certificates, and prove possession of their private keys.")
final class CertificateCommand {
  private static final String ETAG_HELP = "The certificate's etag, from show or the last change (default: read the"
      + " current etag first, so the command acts on whatever version is current).";

  @Mixin
  HubTargetOptions target;

  @Spec
  CommandSpec spec;

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Upload a CA certificate under a new name; prints it.")
  int create(
      @Option(names = "--name", required = true, paramLabel = "NAME",
          description = "The certificate's name: 1 to 64 letters, digits, '-', '.' or '_'.") String name,
      @Option(names = "--path", required = true, paramLabel = "FILE",
          description = "The CA certificate: PEM (.pem, .crt) or DER (.cer). Never its private key.") Path file,
      @Option(names = "--verified",
          description = "Register it as verified, without proof of possession.") boolean verified) {
    ObjectNode body = JsonOutput.JSON.createObjectNode();
    body.putObject("properties")
        .put("certificate", CertificateFile.read(file))
        .put("isVerified", verified);
    print(client().put(HubClient.path("certificates", name), body));
    return 0;
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a CA certificate.")
  int show(@Option(names = "--name", required = true, paramLabel = "NAME",
      description = "The certificate's name.") String name) {
    print(client().get(HubClient.path("certificates", name)));
    return 0;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Print the CA certificates.")
  int list() {
    print(client().get(HubClient.path("certificates")));
    return 0;
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a CA certificate.")
  int delete(
      @Option(names = "--name", required = true, paramLabel = "NAME",
          description = "The certificate's name.") String name,
      @Option(names = "--etag", paramLabel = "ETAG", description = ETAG_HELP) Optional<String> etag) {
    HubClient client = client();
    client.delete(HubClient.path("certificates", name), etag.orElseGet(() -> currentEtag(client, name)));
    return 0;
  }

  @Command(name = "generate-verification-code", mixinStandardHelpOptions = true,
      description = "Generate a verification code for proof of possession; prints the certificate with"
          + " properties.verificationCode. Sign a certificate with that code as its subject CN with the CA's"
          + " private key, then pass it to verify.")
  int generateVerificationCode(
      @Option(names = "--name", required = true, paramLabel = "NAME",
          description = "The certificate's name.") String name,
      @Option(names = "--etag", paramLabel = "ETAG", description = ETAG_HELP) Optional<String> etag) {
    HubClient client = client();
    String ifMatch = etag.orElseGet(() -> currentEtag(client, name));
    print(client.post(HubClient.path("certificates", name, "generateVerificationCode"), Optional.empty(), ifMatch));
    return 0;
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Prove possession of the CA's private key with a certificate whose subject CN is the"
          + " verification code, signed with that key; prints the certificate, now verified.")
  int verify(
      @Option(names = "--name", required = true, paramLabel = "NAME",
          description = "The certificate's name.") String name,
      @Option(names = "--path", required = true, paramLabel = "FILE",
          description = "The proof-of-possession certificate: PEM or DER.") Path file,
      @Option(names = "--etag", paramLabel = "ETAG", description = ETAG_HELP) Optional<String> etag) {
    JsonNode body = JsonOutput.field("certificate", CertificateFile.read(file));
    HubClient client = client();
    String ifMatch = etag.orElseGet(() -> currentEtag(client, name));
    print(client.post(HubClient.path("certificates", name, "verify"), Optional.of(body), ifMatch));
    return 0;
  }

  private static String currentEtag(HubClient client, String name) {
    JsonNode etag = client.get(HubClient.path("certificates", name)).path("etag");
    if (!etag.isTextual() || etag.asText().isEmpty()) {
      throw new CliException("the hub's answer for certificate '" + name + "' has no etag; pass --etag");
    }
    return etag.asText();
  }

  private HubClient client() {
    return new HubClient(HubTarget.resolve(target), Clock.systemUTC());
  }

  private void print(JsonNode node) {
    if (!node.isNull()) {
      JsonOutput.print(spec.commandLine().getOut(), node);
    }
  }
}
