package io.fleethub.transport.http.service;

import static io.fleethub.transport.http.service.IotHubErrorAssert.assertIotHubError;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.transport.http.RunningHub;
import io.fleethub.transport.http.RunningHub.RawResponse;
import io.fleethub.transport.http.RunningHub.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceApiRequestValidationTest {
  private RunningHub hub;

  @BeforeEach
  void startHub() throws Exception {
    hub = RunningHub.start();
  }

  @AfterEach
  void stopHub() {
    assertThat(hub.storeCallsOnEventLoop()).as("store calls made on an event loop").isEmpty();
    hub.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"bad%20id", "slash%2Fid", "caf%C3%A9"})
  void refusesAnInvalidDeviceIdAndCreatesNothing(String encodedId) {
    Response response = hub.request("PUT", "/devices/" + encodedId).body("{}").send();

    assertIotHubError(response, 400, "ArgumentInvalid");
    assertNoDevices();
  }

  @Test
  void refusesADeviceIdLongerThan128Characters() {
    String id = "d".repeat(129);

    assertIotHubError(hub.request("PUT", "/devices/" + id).body("{}").send(), 400, "ArgumentInvalid");
    assertIotHubError(hub.request("GET", "/devices/" + id).send(), 400, "ArgumentInvalid");
    assertNoDevices();
  }

  @Test
  void refusesAnInvalidModuleIdAndCreatesNothing() {
    hub.request("PUT", "/devices/d1").body("{}").send();

    assertIotHubError(hub.request("PUT", "/devices/d1/modules/m%201").body("{}").send(), 400, "ArgumentInvalid");
    assertThat(hub.request("GET", "/devices/d1/modules").send().json()).isEmpty();
  }

  @Test
  void refusesABadPercentEscapeInThePathInIotHubForm() throws Exception {
    RawResponse response = hub.rawGet("/devices/50%zzoff?api-version=2021-04-12");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).startsWith("{\"Message\":\"ErrorCode:ArgumentInvalid;");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"deviceId\":\"d1\"", "not json", "{\"deviceId\":\"d1\"} trailing", "[]", "\"d1\"", ""})
  void refusesABodyThatIsNotOneJsonObjectAndCreatesNothing(String body) {
    Response response = hub.request("PUT", "/devices/d1").body(body).send();

    assertIotHubError(response, 400, "ArgumentInvalid");
    assertNoDevices();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"status\":5}",
      "{\"status\":\"paused\"}",
      "{\"statusReason\":{}}",
      "{\"authentication\":\"sas\"}",
      "{\"authentication\":{\"type\":\"kerberos\"}}",
      "{\"authentication\":{\"symmetricKey\":{\"primaryKey\":\"not base64!\"}}}",
      "{\"authentication\":{\"symmetricKey\":{\"primaryKey\":\"c2hvcnQ=\"}}}",
      "{\"authentication\":{\"type\":\"selfSigned\",\"x509Thumbprint\":{\"primaryThumbprint\":\"XYZ\"}}}",
      "{\"authentication\":{\"type\":\"selfSigned\"}}",
      "{\"capabilities\":{\"iotEdge\":\"yes\"}}",
      "{\"parentScopes\":[1]}",
      "{\"deviceId\":7}"})
  void refusesFieldsOfTheWrongTypeOrValueAndCreatesNothing(String body) {
    Response response = hub.request("PUT", "/devices/d1").body(body).send();

    assertIotHubError(response, 400, "ArgumentInvalid");
    assertNoDevices();
  }

  @Test
  void refusesABodyDeviceIdThatDiffersFromThePath() {
    Response response = hub.request("PUT", "/devices/d1").body("{\"deviceId\":\"D1\"}").send();

    String message = assertIotHubError(response, 400, "ArgumentInvalid");
    assertThat(message).contains("'D1'").contains("'d1'");
    assertNoDevices();
  }

  @Test
  void refusesAnOversizedBodyWithMessageTooLargeAndCreatesNothing() {
    String body = "{\"deviceId\":\"d1\",\"statusReason\":\"" + "x".repeat(ServiceApi.MAX_BODY_BYTES) + "\"}";

    Response response = hub.request("PUT", "/devices/d1").body(body).send();

    assertIotHubError(response, 413, "MessageTooLarge");
    assertNoDevices();
  }

  @Test
  void acceptsABodyJustUnderTheLimit() {
    String prefix = "{\"deviceId\":\"d1\",\"statusReason\":\"";
    String body = prefix + "x".repeat(ServiceApi.MAX_BODY_BYTES - prefix.length() - 2) + "\"}";

    assertThat(hub.request("PUT", "/devices/d1").body(body).send().status()).isEqualTo(200);
  }

  @Test
  void tellsAClientThatExpects100ContinueToSendItsBody() throws Exception {
    // GIVEN a PUT whose headers ask for the go-ahead before the body (as .NET Framework clients send it)
    byte[] body = "{\"deviceId\":\"d1\"}".getBytes(StandardCharsets.UTF_8);
    String head = "PUT /devices/d1?api-version=2021-04-12 HTTP/1.1\r\nHost: " + RunningHub.HOST_NAME
        + "\r\nAuthorization: " + hub.token("iothubowner") + "\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n";
    try (SSLSocket socket = hub.openTlsSocket()) {
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();

      // WHEN the hub answers the headers
      String interim = readHead(socket.getInputStream());

      // THEN it says continue, and after the body creates the device
      assertThat(interim).startsWith("HTTP/1.1 100");
      socket.getOutputStream().write(body);
      socket.getOutputStream().flush();
      assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
    }
    assertThat(hub.request("GET", "/devices/d1").send().status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "?api-version=2021-04-12", "?api-version=2018-06-30", "?api-version=not-a-date"})
  void acceptsAnyApiVersion(String query) {
    assertThat(hub.request("PUT", "/devices/d1" + query).body("{}").send().status()).isEqualTo(200);
    assertThat(hub.request("GET", "/devices/d1" + query).send().status()).isEqualTo(200);
    assertThat(hub.request("DELETE", "/devices/d1" + query).send().status()).isEqualTo(204);
  }

  @Test
  void answersAnUnknownPathWith404InIotHubForm() {
    assertIotHubError(hub.request("GET", "/nothing/here?api-version=2021-04-12").send(), 404, "NotFound");
    assertIotHubError(hub.request("GET", "/devices/d1/modules/m1/extra").send(), 404, "NotFound");
  }

  @Test
  void answersAnUnsupportedMethodWith405InIotHubForm() {
    assertIotHubError(hub.request("POST", "/devices/d1").body("{}").send(), 405, "MethodNotAllowed");
    assertIotHubError(hub.request("PATCH", "/devices/d1/modules/m1").body("{}").send(), 405, "MethodNotAllowed");
    assertIotHubError(hub.request("DELETE", "/statistics/devices").send(), 405, "MethodNotAllowed");
    assertNoDevices();
  }

  @Test
  void answersAnUnexpectedFailureWith500WithoutItsDetails() {
    // GIVEN a store that fails unexpectedly
    hub.failStoreCallsWith(new IllegalStateException("disk on fire at /var/lib/secret"));

    // WHEN a request reaches it
    Response response = hub.request("GET", "/devices/d1").send();

    // THEN 500 ServerError with a tracking id but no exception text or stack
    String message = assertIotHubError(response, 500, "ServerError");
    assertThat(message).contains("tracking id");
    assertThat(response.body()).doesNotContain("disk on fire").doesNotContain("IllegalStateException")
        .doesNotContain("at io.");
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int next = in.read();
      if (next < 0) {
        break;
      }
      head.append((char) next);
    }
    return head.toString();
  }

  private void assertNoDevices() {
    assertThat(hub.request("GET", "/devices").send().json()).isEmpty();
  }
}
