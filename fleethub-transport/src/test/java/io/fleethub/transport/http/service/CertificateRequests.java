package io.fleethub.transport.http.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.transport.http.RunningHub;
import io.fleethub.transport.http.RunningHub.Response;

/** Requests to {@code /certificates} as the ARM API takes them, for the certificate API tests. */
final class CertificateRequests {
  static final String API_VERSION = "?api-version=2023-06-30";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RunningHub hub;

  CertificateRequests(RunningHub hub) {
    this.hub = hub;
  }

  /** {@code {"properties":{"certificate":..}}}, as current API versions send an upload. */
  static String uploadBody(String certificate) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("properties").put("certificate", certificate);
    return body.toString();
  }

  /** {@code {"certificate":..}}, as the verify operation takes a proof. */
  static String proofBody(String certificate) {
    return JSON.createObjectNode().put("certificate", certificate).toString();
  }

  /** Uploads {@code pem} as a new certificate, requiring 201. */
  Response create(String name, String pem) {
    Response response = hub.request("PUT", path(name)).body(uploadBody(pem)).send();
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response;
  }

  /** Generates a verification code with the current etag, requiring 200; returns the answer. */
  Response generateCode(String name) {
    Response response = hub.request("POST", action(name, "generateVerificationCode"))
        .header("If-Match", etag(name)).send();
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response;
  }

  Response get(String name) {
    return hub.request("GET", path(name)).send();
  }

  /** The certificate's current etag, quoted, from its {@code ETag} header. */
  String etag(String name) {
    return get(name).header("ETag").orElseThrow();
  }

  static String path(String name) {
    return "/certificates/" + name + API_VERSION;
  }

  /** The path of a POST action on a certificate: {@code generateVerificationCode} or {@code verify}. */
  static String action(String name, String action) {
    return "/certificates/" + name + "/" + action + API_VERSION;
  }
}
