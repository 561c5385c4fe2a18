package io.fleethub.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.FileUploadCompletionNotification;
import com.microsoft.azure.sdk.iot.device.FileUploadSasUriRequest;
import com.microsoft.azure.sdk.iot.device.FileUploadSasUriResponse;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.service.auth.AuthenticationType;
import com.microsoft.azure.sdk.iot.service.messaging.AcknowledgementType;
import com.microsoft.azure.sdk.iot.service.messaging.FileUploadNotification;
import com.microsoft.azure.sdk.iot.service.messaging.FileUploadNotificationProcessorClient;
import com.microsoft.azure.sdk.iot.service.messaging.FileUploadNotificationProcessorClientOptions;
import com.microsoft.azure.sdk.iot.service.messaging.IotHubServiceClientProtocol;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import io.fleethub.core.files.BlobPath;
import io.fleethub.core.files.FileUploads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * File upload as an application does it with the official SDKs: the device (iot-device-client 2.5.0) asks for a
 * SAS URI, uploads a 10 MB file with azure-storage-blob to the hub's built-in blob store (one Put Blob, or blocks
 * and a block list), and reports completion; the back end's FileUploadNotificationProcessorClient
 * (iot-service-client 2.1.9, AMQPS and AMQP over WebSockets) receives the notification.
 *
 * <p>azure-storage-blob trusts the JVM's default trust store; rather than change that for the whole test JVM,
 * its blob clients get an azure-core HTTP client (Netty) whose SSL context trusts the hub's CA.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileUploadCompatibilityTest {
  /** Bounds that only end a hung run. */
  private static final Duration DELIVERY = Duration.ofSeconds(60);
  private static final int FILE_BYTES = 10 * 1024 * 1024;

  @TempDir
  Path files;

  private CompatHub hub;
  private RegistryClient registry;
  private SSLContext trustHub;
  private HttpClient blobHttp;

  @BeforeAll
  void startHub() throws Exception {
    hub = CompatHub.start();
    registry = new RegistryClient(hub.ownerConnectionString());
    trustHub = IotHubSSLContext.getSSLContextFromFile(hub.info().caCertificate().toString());
    io.netty.handler.ssl.SslContext trustHubForNetty = io.netty.handler.ssl.SslContextBuilder.forClient()
        .trustManager(hub.info().caCertificate().toFile()).build();
    blobHttp = new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
        .secure(tls -> tls.sslContext(trustHubForNetty))).build();
  }

  @AfterAll
  void stopHub() {
    if (hub != null) {
      hub.close();
    }
  }

  static Stream<Arguments> uploads() {
    return Stream.of(IotHubServiceClientProtocol.AMQPS, IotHubServiceClientProtocol.AMQPS_WS)
        .flatMap(protocol -> Stream.of(Arguments.of(protocol, false), Arguments.of(protocol, true)));
  }

  @ParameterizedTest(name = "{0}, blocks {1}")
  @MethodSource("uploads")
  void uploadedFileIsStoredAndTheServiceIsNotified(IotHubServiceClientProtocol protocol, boolean inBlocks)
      throws Exception {
    // GIVEN a device, a 10 MB file and a back end receiving file upload notifications
    String id = register("upload");
    Path file = randomFile(FILE_BYTES);
    Queue<FileUploadNotification> notifications = new ConcurrentLinkedQueue<>();
    FileUploadNotificationProcessorClient processor = new FileUploadNotificationProcessorClient(
        hub.ownerConnectionString(), protocol, notification -> {
          notifications.add(notification);
          return AcknowledgementType.COMPLETE;
        }, FileUploadNotificationProcessorClientOptions.builder().sslContext(trustHub).build());
    processor.start();
    DeviceClient device = deviceClient(id);
    try {
      device.open(true);

      // WHEN the device gets a SAS URI, uploads the file with azure-storage-blob and reports success
      FileUploadSasUriResponse sas = device.getFileUploadSasUri(new FileUploadSasUriRequest("logs/trace.bin"));
      BlobClient blob = blobClient(sas.getBlobUri().toString());
      if (inBlocks) {
        ParallelTransferOptions blocks = new ParallelTransferOptions()
            .setBlockSizeLong(3L * 1024 * 1024)
            .setMaxSingleUploadSizeLong(1024L * 1024)
            .setMaxConcurrency(2);
        blob.uploadFromFile(file.toString(), blocks, null, null, null, null, null);
      } else {
        blob.uploadFromFile(file.toString());
      }
      device.completeFileUpload(new FileUploadCompletionNotification(sas.getCorrelationId(), true));

      // THEN the hub stores exactly the file, and the back end learns of it
      assertThat(sas.getBlobName()).isEqualTo(id + "/logs/trace.bin");
      Path stored = hub.core().fileUploads().storage().file(new BlobPath(id + "/logs/trace.bin")).orElseThrow();
      assertThat(Files.mismatch(stored, file)).isEqualTo(-1L);
      await().atMost(DELIVERY).until(() -> notifications.stream().anyMatch(n -> id.equals(n.getDeviceId())));
      FileUploadNotification notification =
          notifications.stream().filter(n -> id.equals(n.getDeviceId())).findFirst().orElseThrow();
      assertThat(notification.getBlobName()).isEqualTo(id + "/logs/trace.bin");
      assertThat(notification.getBlobSizeInBytes()).isEqualTo((long) FILE_BYTES);
      assertThat(notification.getBlobUri())
          .isEqualTo("https://" + CompatHub.HOST_NAME + "/fileuploads/" + id + "/logs/trace.bin");
      assertThat(notification.getLastUpdatedTimeDate()).isNotNull();
      assertThat(notification.getEnqueuedTimeUtcDate()).isNotNull();
    } finally {
      device.close();
      processor.stop();
    }
  }

  @Test
  void anUploadReportedAcrossRestartsReachesAServiceThatConnectsLater() throws Exception {
    // GIVEN a device that uploaded a file, then the hub restarted
    String id = register("restart");
    Path file = randomFile(64 * 1024);
    DeviceClient device = deviceClient(id);
    Queue<FileUploadNotification> notifications = new ConcurrentLinkedQueue<>();
    FileUploadNotificationProcessorClient processor = new FileUploadNotificationProcessorClient(
        hub.ownerConnectionString(), IotHubServiceClientProtocol.AMQPS, notification -> {
          notifications.add(notification);
          return AcknowledgementType.COMPLETE;
        }, FileUploadNotificationProcessorClientOptions.builder().sslContext(trustHub).build());
    try {
      device.open(true);
      FileUploadSasUriResponse sas = device.getFileUploadSasUri(new FileUploadSasUriRequest("before.bin"));
      blobClient(sas.getBlobUri().toString()).uploadFromFile(file.toString());
      hub.restart();

      // WHEN it reports completion, and the hub restarts again before a back end connects
      device.completeFileUpload(new FileUploadCompletionNotification(sas.getCorrelationId(), true));
      hub.restart();
      processor.start();

      // THEN the notification was kept
      await().atMost(DELIVERY).until(() -> notifications.stream().anyMatch(n -> id.equals(n.getDeviceId())));
      assertThat(notifications.stream().filter(n -> id.equals(n.getDeviceId())).findFirst().orElseThrow()
          .getBlobSizeInBytes()).isEqualTo(64L * 1024);
    } finally {
      device.close();
      processor.stop();
    }
  }

  @Test
  void blobClientIsRefusedAnotherDevicesBlobAndAnExpiredSas() throws Exception {
    // GIVEN two devices' SAS URIs
    DeviceClient first = deviceClient(register("first"));
    DeviceClient second = deviceClient(register("second"));
    Path file = randomFile(1024);
    try {
      first.open(true);
      second.open(true);
      FileUploadSasUriResponse mine = first.getFileUploadSasUri(new FileUploadSasUriRequest("mine.bin"));
      FileUploadSasUriResponse theirs = second.getFileUploadSasUri(new FileUploadSasUriRequest("theirs.bin"));
      String mineUri = mine.getBlobUri().toString();
      String theirsUri = theirs.getBlobUri().toString();
      String foreign = theirsUri.substring(0, theirsUri.indexOf('?')) + mineUri.substring(mineUri.indexOf('?'));
      FileUploads uploads = hub.core().fileUploads();
      BlobPath mineBlob = new BlobPath(mine.getBlobName());
      String expired = mineUri.substring(0, mineUri.indexOf('?')) + "?"
          + uploads.sas().issue("fileuploads", mineBlob, Instant.now().minusSeconds(60));

      // WHEN the blob client uses the first device's SAS for the second's blob, or an expired SAS
      // THEN Azure Storage's 403 AuthenticationFailed
      assertThatThrownBy(() -> blobClient(foreign).uploadFromFile(file.toString()))
          .isInstanceOfSatisfying(BlobStorageException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(403);
            assertThat(e.getErrorCode().toString()).isEqualTo("AuthenticationFailed");
          });
      assertThatThrownBy(() -> blobClient(expired).uploadFromFile(file.toString()))
          .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
      assertThat(uploads.storage().file(new BlobPath(theirs.getBlobName()))).isEmpty();
      assertThat(uploads.storage().file(mineBlob)).isEmpty();
    } finally {
      first.close();
      second.close();
    }
  }

  private BlobClient blobClient(String sasUri) {
    return new BlobClientBuilder().endpoint(sasUri).httpClient(blobHttp).buildClient();
  }

  private DeviceClient deviceClient(String id) throws Exception {
    String connectionString = "HostName=" + CompatHub.HOST_NAME + ";DeviceId=" + id + ";SharedAccessKey="
        + registry.getDevice(id).getPrimaryKey();
    return new DeviceClient(connectionString, IotHubClientProtocol.HTTPS,
        ClientOptions.builder().sslContext(trustHub).build());
  }

  private String register(String purpose) throws Exception {
    String id = purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    registry.addDevice(new Device(id, AuthenticationType.SAS));
    return id;
  }

  private Path randomFile(int size) throws Exception {
    byte[] content = new byte[size];
    new Random(size).nextBytes(content);
    return Files.write(Files.createTempFile(files, "upload-", ".bin"), content);
  }
}
