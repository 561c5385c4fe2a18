package io.fleethub.transport.http.service;

import static io.fleethub.transport.http.service.ServiceCalls.requiring;

import io.fleethub.core.auth.AccessRight;
import io.fleethub.core.certificates.CaCertificate;
import io.fleethub.core.certificates.CaCertificateRegistry;
import io.fleethub.core.certificates.CertificateName;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.registry.Etag;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code /certificates} and {@code /certificates/{name}}: the CA certificates that X.509 CA devices chain to, with
 * IoT Hub's proof-of-possession flow. Reads need RegistryRead, writes RegistryWrite.
 *
 * <ul>
 *   <li>PUT without {@code If-Match} creates (201); with the current etag (or {@code *}) it replaces (200). PUT
 *       without {@code If-Match} on a taken name, or with a stale etag, is 412 PreconditionFailed.
 *   <li>DELETE answers 200 when it deleted, 204 when there was no such certificate.
 *   <li>POST {@code .../generateVerificationCode} answers with the code in {@code properties.verificationCode};
 *       POST {@code .../verify} with {@code {"certificate": "<PEM>"}} marks the certificate verified, or answers
 *       400 ArgumentInvalid saying why the proof fails.
 *   <li>DELETE and both POSTs require {@code If-Match}, as IoT Hub does; without one they are 412
 *       PreconditionFailed and change nothing.
 * </ul>
 *
 * Handlers run on the event loop and hand the work to {@link ServiceCalls}.
 */
final class CertificateResource {
  static final String NAME = "certificateName";

  private final CaCertificateRegistry certificates;
  private final ServiceCalls calls;
  private final CertificateJsonMapper mapper;

  CertificateResource(CaCertificateRegistry certificates, ServiceCalls calls, CertificateJsonMapper mapper) {
    this.certificates = Objects.requireNonNull(certificates, "certificates");
    this.calls = Objects.requireNonNull(calls, "calls");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  void list(RoutingContext context) {
    calls.run(context, requiring(AccessRight.REGISTRY_READ),
        () -> Reply.json(mapper.certificates(certificates.list())));
  }

  void get(RoutingContext context) {
    String rawName = context.pathParam(NAME);
    calls.run(context, requiring(AccessRight.REGISTRY_READ), () -> {
      CaCertificate certificate = certificates.get(PathIds.certificateName(rawName));
      return Reply.json(mapper.certificate(certificate), certificate.etag());
    });
  }

  void put(RoutingContext context) {
    String rawName = context.pathParam(NAME);
    Optional<Etag> ifMatch = ServiceCalls.ifMatch(context);
    byte[] body = ServiceCalls.body(context);
    calls.run(context, requiring(AccessRight.REGISTRY_WRITE), () -> {
      CertificateName name = PathIds.certificateName(rawName);
      CertificateJsonMapper.Upload upload = mapper.upload(body);
      CaCertificateRegistry.Upload result =
          certificates.upload(name, upload.certificate(), upload.verified(), ifMatch);
      CaCertificate certificate = result.certificate();
      return Reply.json(result.created() ? 201 : 200, mapper.certificate(certificate), certificate.etag());
    });
  }

  void delete(RoutingContext context) {
    String rawName = context.pathParam(NAME);
    Optional<Etag> ifMatch = ServiceCalls.ifMatch(context);
    calls.run(context, requiring(AccessRight.REGISTRY_WRITE), () -> {
      CertificateName name = PathIds.certificateName(rawName);
      return certificates.delete(name, required(ifMatch, name, "delete it")) ? Reply.ok() : Reply.noContent();
    });
  }

  void generateVerificationCode(RoutingContext context) {
    String rawName = context.pathParam(NAME);
    Optional<Etag> ifMatch = ServiceCalls.ifMatch(context);
    calls.run(context, requiring(AccessRight.REGISTRY_WRITE), () -> {
      CertificateName name = PathIds.certificateName(rawName);
      CaCertificate certificate =
          certificates.generateVerificationCode(name, required(ifMatch, name, "generate a verification code"));
      return Reply.json(200, mapper.certificateWithCode(certificate), certificate.etag());
    });
  }

  void verify(RoutingContext context) {
    String rawName = context.pathParam(NAME);
    Optional<Etag> ifMatch = ServiceCalls.ifMatch(context);
    byte[] body = ServiceCalls.body(context);
    calls.run(context, requiring(AccessRight.REGISTRY_WRITE), () -> {
      CertificateName name = PathIds.certificateName(rawName);
      Etag etag = required(ifMatch, name, "verify it");
      CaCertificate certificate = certificates.verify(name, etag, mapper.verification(body));
      return Reply.json(200, mapper.certificate(certificate), certificate.etag());
    });
  }

  /** The {@code If-Match} etag an operation cannot go without; 412 PreconditionFailed when it is missing. */
  private static Etag required(Optional<Etag> ifMatch, CertificateName name, String purpose) {
    return ifMatch.orElseThrow(() -> new HubException(ErrorCode.PRECONDITION_FAILED, "Give the etag of certificate '"
        + name + "' in If-Match (or * for any) to " + purpose + "; GET /certificates/" + name + " shows it."));
  }
}
