package io.fleethub.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Reads a certificate file for upload as {@code az iot hub certificate} does: PEM text ({@code .pem}, {@code .crt})
 * as it is, a binary DER file ({@code .cer}) as base64. A file holding a private key is refused before anything is
 * sent, so that the key never leaves the machine. Stateless.
 */
final class CertificateFile {
  private CertificateFile() {}

  /** The file's certificate in a form the hub accepts; {@link CliException} saying why when it cannot be read. */
  static String read(Path file) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CliException("certificate file " + file.toAbsolutePath() + " does not exist");
    } catch (IOException e) {
      throw new CliException("cannot read certificate file " + file.toAbsolutePath() + ": " + e.getMessage());
    }
    String text = new String(content, StandardCharsets.US_ASCII);
    if (text.contains("PRIVATE KEY")) {
      throw new CliException(file.toAbsolutePath() + " holds a private key; give a file with only the certificate"
          + " (the key stays with you)");
    }
    if (text.isBlank()) {
      throw new CliException("certificate file " + file.toAbsolutePath() + " is empty");
    }
    return text.contains("-----BEGIN") ? text : Base64.getEncoder().encodeToString(content);
  }
}
