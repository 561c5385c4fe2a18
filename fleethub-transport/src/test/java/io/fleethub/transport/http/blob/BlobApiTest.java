package io.fleethub.transport.http.blob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.files.BlobPath;
import io.fleethub.core.files.FileUploadGrant;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.transport.http.RunningHub;
import io.fleethub.transport.http.RunningHub.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlobApiTest {
  private RunningHub hub;

  @BeforeEach
  void startHub() throws Exception {
    hub = RunningHub.start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void putBlobStreamsALargeBodyAndAnswersAzureHeaders() throws Exception {
    FileUploadGrant grant = grant("d1", "big.bin");
    byte[] content = new byte[3 * 1024 * 1024 + 17];
    new Random(1).nextBytes(content);

    Response response = hub.request("PUT", uri(grant)).header("x-ms-blob-type", "BlockBlob")
        .body("application/octet-stream", content).send();

    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    assertThat(response.header("ETag")).hasValueSatisfying(etag -> assertThat(etag).matches("\"0x[0-9A-F]+\""));
    assertThat(response.header("Last-Modified")).isPresent();
    assertThat(response.header("x-ms-request-id")).isPresent();
    assertThat(response.header("x-ms-version")).isPresent();
    assertThat(response.header("Content-MD5"))
        .contains(Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(content)));
    assertThat(stored(grant.blobName())).isEqualTo(content);
  }

  @Test
  void putBlockListCommitsTheBlocksInTheListsOrder() throws IOException {
    FileUploadGrant grant = grant("d1", "blocks.txt");
    String sas = grant.sasToken().substring(1);
    for (String[] block : new String[][] {{"Ymxr", "second "}, {"YWFh", "first "}, {"enp6", "unused"}}) {
      Response staged = hub.request("PUT", path(grant) + "?comp=block&blockid=" + block[0] + "&" + sas)
          .body("application/octet-stream", block[1].getBytes(UTF_8)).send();
      assertThat(staged.status()).as(staged.toString()).isEqualTo(201);
      assertThat(staged.header("Content-MD5")).isPresent();
    }

    Response committed = hub.request("PUT", path(grant) + "?comp=blocklist&" + sas)
        .body("application/xml", ("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList><Latest>YWFh</Latest>"
            + "<Uncommitted>Ymxr</Uncommitted><Latest>YWFh</Latest></BlockList>").getBytes(UTF_8)).send();

    assertThat(committed.status()).as(committed.toString()).isEqualTo(201);
    assertThat(committed.header("ETag")).isPresent();
    assertThat(new String(stored(grant.blobName()), UTF_8)).isEqualTo("first second first ");
    Response properties = hub.request("HEAD", uri(grant)).send();
    assertThat(properties.status()).isEqualTo(200);
    assertThat(properties.header("Content-Length")).contains("19");
    assertThat(properties.header("x-ms-blob-type")).contains("BlockBlob");
  }

  @Test
  void blockListNamingAnUnstagedBlockIsInvalid() {
    FileUploadGrant grant = grant("d1", "blocks.txt");

    Response response = hub.request("PUT", path(grant) + "?comp=blocklist&" + grant.sasToken().substring(1))
        .body("application/xml", "<BlockList><Latest>YWFh</Latest></BlockList>".getBytes(UTF_8)).send();

    assertStorageError(response, 400, "InvalidBlockList");
  }

  @Test
  void refusesAnExpiredSas() {
    FileUploadGrant grant = grant("d1", "late.txt");
    hub.clock().advance(Duration.ofHours(1));

    Response response = put(uri(grant), "too late");

    assertStorageError(response, 403, "AuthenticationFailed");
    assertThat(response.body()).contains("Signed expiry time");
  }

  @Test
  void refusesAnotherBlobsSasAndAForgedSignature() {
    FileUploadGrant mine = grant("d1", "mine.txt");
    FileUploadGrant other = grant("d2", "theirs.txt");
    String forged = mine.sasToken().replaceFirst("sig=[^&]+", "sig=" + "A".repeat(43) + "%3D");

    assertStorageError(put(path(other) + mine.sasToken(), "foreign"), 403, "AuthenticationFailed");
    assertStorageError(put(path(mine) + forged, "forged"), 403, "AuthenticationFailed");
    assertStorageError(put(path(mine), "no sas"), 403, "AuthenticationFailed");
    assertThat(hub.hub().fileUploads().storage().file(other.blobName())).isEmpty();
  }

  @Test
  void refusesAMismatchedContentMd5AndKeepsTheBlobAsItWas() {
    FileUploadGrant grant = grant("d1", "checked.txt");
    assertThat(put(uri(grant), "original").status()).isEqualTo(201);

    Response response = hub.request("PUT", uri(grant)).header("x-ms-blob-type", "BlockBlob")
        .header("Content-MD5", Base64.getEncoder().encodeToString(new byte[16]))
        .body("application/octet-stream", "changed".getBytes(UTF_8)).send();

    assertStorageError(response, 400, "Md5Mismatch");
    assertThat(hub.request("GET", uri(grant)).send().body()).isEqualTo("original");
  }

  @Test
  void ifNoneMatchStarRefusesToReplaceABlob() {
    FileUploadGrant grant = grant("d1", "once.txt");
    assertThat(put(uri(grant), "first").status()).isEqualTo(201);

    Response response = hub.request("PUT", uri(grant)).header("x-ms-blob-type", "BlockBlob")
        .header("If-None-Match", "*").body("application/octet-stream", "second".getBytes(UTF_8)).send();

    assertStorageError(response, 409, "BlobAlreadyExists");
  }

  @Test
  void anEncodedSlashNamesTheSameBlob() {
    FileUploadGrant grant = grant("d1", "dir/file.txt");

    Response response = put("/fileuploads/d1%2Fdir%2Ffile.txt" + grant.sasToken(), "via %2F");

    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    assertThat(hub.request("GET", uri(grant)).send().body()).isEqualTo("via %2F");
  }

  @Test
  void getOfAMissingBlobIs404BlobNotFound() {
    assertStorageError(hub.request("GET", uri(grant("d1", "missing"))).send(), 404, "BlobNotFound");
  }

  private FileUploadGrant grant(String device, String name) {
    return hub.hub().fileUploads().start(DeviceId.of(device), name);
  }

  private Response put(String pathAndQuery, String content) {
    return hub.request("PUT", pathAndQuery).header("x-ms-blob-type", "BlockBlob")
        .body("application/octet-stream", content.getBytes(UTF_8)).send();
  }

  private static String path(FileUploadGrant grant) {
    return "/" + grant.containerName() + "/" + grant.blobName().value();
  }

  private static String uri(FileUploadGrant grant) {
    return path(grant) + grant.sasToken();
  }

  private byte[] stored(BlobPath blob) throws IOException {
    return Files.readAllBytes(hub.hub().fileUploads().storage().file(blob).orElseThrow());
  }

  private static void assertStorageError(Response response, int status, String code) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.header("x-ms-error-code")).contains(code);
    assertThat(response.body()).contains("<Error><Code>" + code + "</Code><Message>");
  }
}
