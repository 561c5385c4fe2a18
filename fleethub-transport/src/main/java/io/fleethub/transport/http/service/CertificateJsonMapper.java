package io.fleethub.transport.http.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.certificates.CaCertificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Maps CA certificates to and from the JSON of IoT Hub's certificate API (the {@code Microsoft.Devices} ARM
 * shapes).
 *
 * <p>Writing: a {@code CertificateDescription}, {@code {"name", "etag", "type", "properties": {"subject",
 * "expiry", "thumbprint", "isVerified", "created", "updated", "certificate"}}}, with times in RFC 1123 form as ARM
 * writes them ({@code Sat, 31 Dec 2039 23:59:59 GMT}) and the etag unquoted. Only the answer to
 * generateVerificationCode (a {@code CertificateWithNonceDescription}) carries {@code properties.verificationCode}.
 * There is no ARM resource {@code id}, since the hub has no subscription or resource group.
 *
 * <p>Reading: an upload body as current API versions send it, {@code {"properties": {"certificate", "isVerified"}}},
 * or bare, {@code {"certificate", "isVerified"}}, as older ones' {@code CertificateBodyDescription} did; a
 * verification body, {@code {"certificate": ...}}. Fields of the wrong type and bodies without a certificate are
 * refused with 400 ArgumentInvalid. Thread-safe.
 */
final class CertificateJsonMapper {
  static final String RESOURCE_TYPE = "Microsoft.Devices/IotHubs/Certificates";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter RFC_1123 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  /** What an upload asks for: the certificate text and whether to register it as verified. */
  record Upload(String certificate, boolean verified) {}

  String certificate(CaCertificate certificate) {
    return write(describe(certificate, false));
  }

  /** The description with the pending verification code, as generateVerificationCode answers. */
  String certificateWithCode(CaCertificate certificate) {
    return write(describe(certificate, true));
  }

  /** A {@code CertificateListDescription}: {@code {"value": [...]}}. */
  String certificates(List<CaCertificate> certificates) {
    ObjectNode list = JSON.createObjectNode();
    ArrayNode value = list.putArray("value");
    certificates.forEach(certificate -> value.add(describe(certificate, false)));
    return write(list);
  }

  /** Reads a PUT body, wrapped in {@code properties} or bare. */
  Upload upload(byte[] body) {
    ObjectNode root = JsonFields.parseObject(body);
    ObjectNode fields = JsonFields.object(root, "properties").orElse(root);
    String certificate = JsonFields.nonEmptyText(fields, "certificate").orElseThrow(() -> JsonFields.invalid(
        "The request body has no certificate: give {\"properties\":{\"certificate\":\"<PEM or base64 .cer>\"}}."));
    return new Upload(certificate, JsonFields.bool(fields, "isVerified").orElse(false));
  }

  /** Reads a verify body, {@code {"certificate": "<PEM or base64 .cer>"}}. */
  String verification(byte[] body) {
    return JsonFields.nonEmptyText(JsonFields.parseObject(body), "certificate").orElseThrow(() -> JsonFields.invalid(
        "The request body has no certificate: give {\"certificate\":\"<PEM or base64 .cer>\"}, the certificate "
            + "with the verification code as its subject CN, signed with the CA's private key."));
  }

  private static ObjectNode describe(CaCertificate certificate, boolean withCode) {
    ObjectNode node = JSON.createObjectNode()
        .put("name", certificate.name().value())
        .put("etag", certificate.etag().value())
        .put("type", RESOURCE_TYPE);
    ObjectNode properties = node.putObject("properties")
        .put("subject", certificate.subject())
        .put("expiry", RFC_1123.format(certificate.expiry()))
        .put("thumbprint", certificate.thumbprint())
        .put("isVerified", certificate.verified())
        .put("created", RFC_1123.format(certificate.created()))
        .put("updated", RFC_1123.format(certificate.updated()));
    if (withCode) {
      properties.put("verificationCode", certificate.verificationCode().orElse(null));
    }
    properties.put("certificate", certificate.certificate());
    return node;
  }

  private static String write(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and booleans cannot fail to serialize", e);
    }
  }
}
