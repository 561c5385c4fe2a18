package io.fleethub.core.files;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleethub.core.TestClock;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobSasTest {
  private static final String CONTAINER = "fileuploads";
  private static final BlobPath BLOB = new BlobPath("camera-1/photo.jpg");

  @TempDir
  Path directory;

  private final TestClock clock = TestClock.at("2026-01-02T03:04:05Z");
  private BlobSas sas;
  private Instant expiry;

  @BeforeEach
  void openStore() {
    sas = new BlobSas(BlobStorage.open(directory, clock), "hub.fleethub.test");
    expiry = clock.instant().plus(Duration.ofHours(1));
  }

  @Test
  void acceptsItsOwnTokenForItsBlobBeforeExpiry() {
    Map<String, String> query = query(sas.issue(CONTAINER, BLOB, expiry));

    assertThatCode(() -> sas.verify(CONTAINER, BLOB, query, 'w', clock.instant().plusSeconds(3599)))
        .doesNotThrowAnyException();
    assertThatCode(() -> sas.verify(CONTAINER, BLOB, query, 'r', clock.instant())).doesNotThrowAnyException();
  }

  @Test
  void refusesAnExpiredToken() {
    Map<String, String> query = query(sas.issue(CONTAINER, BLOB, expiry));
    clock.advance(Duration.ofHours(1));

    assertRefused(() -> sas.verify(CONTAINER, BLOB, query, 'w', clock.instant()), "Signed expiry time");
  }

  @Test
  void refusesAnotherBlobsToken() {
    Map<String, String> query = query(sas.issue(CONTAINER, new BlobPath("camera-2/photo.jpg"), expiry));

    assertRefused(() -> sas.verify(CONTAINER, BLOB, query, 'w', clock.instant()), "Signature did not match");
  }

  @Test
  void refusesAWrongSignatureAndAnExtendedExpiry() {
    Map<String, String> forged = query(sas.issue(CONTAINER, BLOB, expiry));
    forged.put("sig", "AAAA" + forged.get("sig").substring(4));
    Map<String, String> extended = query(sas.issue(CONTAINER, BLOB, expiry));
    extended.put("se", expiry.plus(Duration.ofDays(1)).toString());

    assertRefused(() -> sas.verify(CONTAINER, BLOB, forged, 'w', clock.instant()), "Signature did not match");
    assertRefused(() -> sas.verify(CONTAINER, BLOB, extended, 'w', clock.instant()), "Signature did not match");
  }

  @Test
  void refusesATokenOfAnotherStoreKey(@TempDir Path otherDirectory) {
    BlobSas other = new BlobSas(BlobStorage.open(otherDirectory, clock), "hub.fleethub.test");
    Map<String, String> query = query(other.issue(CONTAINER, BLOB, expiry));

    assertRefused(() -> sas.verify(CONTAINER, BLOB, query, 'w', clock.instant()), "Signature did not match");
  }

  @Test
  void refusesARequestWithoutToken() {
    assertRefused(() -> sas.verify(CONTAINER, BLOB, Map.of(), 'w', clock.instant()), "no complete SAS");
  }

  private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String why) {
    assertThatThrownBy(call).isInstanceOfSatisfying(BlobStorageException.class, e -> {
      org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(403);
      org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo("AuthenticationFailed");
    }).hasMessageContaining(why);
  }

  private static Map<String, String> query(String queryString) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : queryString.split("&")) {
      int eq = pair.indexOf('=');
      parameters.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return parameters;
  }
}
