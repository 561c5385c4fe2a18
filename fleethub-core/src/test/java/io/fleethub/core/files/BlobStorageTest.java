package io.fleethub.core.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleethub.core.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStorageTest {
  private static final BlobPath BLOB = new BlobPath("camera-1/logs/today.txt");

  @TempDir
  Path directory;

  private final TestClock clock = TestClock.at("2026-01-02T03:04:05Z");

  @Test
  void putBlobReplacesTheContentAndReportsItsProperties() throws IOException {
    BlobStorage storage = BlobStorage.open(directory, clock);
    storage.putBlob(BLOB, filled(storage, "first"));

    BlobProperties properties = storage.putBlob(BLOB, filled(storage, "second!"));

    assertThat(content(storage, BLOB)).isEqualTo("second!");
    assertThat(properties.size()).isEqualTo(7);
    assertThat(properties.lastModified()).isEqualTo(clock.instant());
    assertThat(storage.properties(BLOB)).contains(properties);
  }

  @Test
  void blockListCommitsTheBlocksInTheListsOrderNotTheStagingOrder() throws IOException {
    BlobStorage storage = BlobStorage.open(directory, clock);
    storage.putBlock(BLOB, block("c"), filled(storage, "3"));
    storage.putBlock(BLOB, block("a"), filled(storage, "1"));
    storage.putBlock(BLOB, block("b"), filled(storage, "2"));
    storage.putBlock(BLOB, block("unused"), filled(storage, "x"));

    BlobProperties properties = storage.putBlockList(BLOB, List.of(block("a"), block("b"), block("c"), block("a")));

    assertThat(content(storage, BLOB)).isEqualTo("1231");
    assertThat(properties.size()).isEqualTo(4);
    assertThatThrownBy(() -> storage.putBlockList(BLOB, List.of(block("unused"))))
        .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.code()).isEqualTo("InvalidBlockList"));
  }

  @Test
  void aRestagedBlockReplacesItsNamesake() throws IOException {
    BlobStorage storage = BlobStorage.open(directory, clock);
    storage.putBlock(BLOB, block("a"), filled(storage, "old"));
    storage.putBlock(BLOB, block("a"), filled(storage, "new"));

    storage.putBlockList(BLOB, List.of(block("a")));

    assertThat(content(storage, BLOB)).isEqualTo("new");
  }

  @Test
  void blockListNamingAnUnstagedBlockChangesNothing() throws IOException {
    BlobStorage storage = BlobStorage.open(directory, clock);
    storage.putBlob(BLOB, filled(storage, "kept"));
    storage.putBlock(BLOB, block("a"), filled(storage, "1"));

    assertThatThrownBy(() -> storage.putBlockList(BLOB, List.of(block("a"), block("missing"))))
        .isInstanceOfSatisfying(BlobStorageException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.code()).isEqualTo("InvalidBlockList");
        });
    assertThat(content(storage, BLOB)).isEqualTo("kept");
    assertThat(storage.putBlockList(BLOB, List.of(block("a"))).size()).isEqualTo(1);
  }

  @Test
  void blobsWhoseNamesNestDoNotCollideAndStayUnderTheRoot() throws IOException {
    BlobStorage storage = BlobStorage.open(directory, clock);
    storage.putBlob(new BlobPath("d/a"), filled(storage, "outer"));
    storage.putBlob(new BlobPath("d/a/b"), filled(storage, "inner"));
    storage.putBlob(new BlobPath("d/..a"), filled(storage, "dots"));

    assertThat(content(storage, new BlobPath("d/a"))).isEqualTo("outer");
    assertThat(content(storage, new BlobPath("d/a/b"))).isEqualTo("inner");
    try (Stream<Path> files = Files.walk(directory)) {
      assertThat(files.filter(Files::isRegularFile).map(directory::relativize).map(Path::toString))
          .allMatch(path -> path.startsWith("blobs/d/") || path.equals("signing.key"));
    }
  }

  @Test
  void reopeningDropsUploadsCutShortButKeepsCommittedBlobs() throws IOException {
    BlobStorage storage = BlobStorage.open(directory, clock);
    storage.putBlob(BLOB, filled(storage, "kept"));
    Path cutShort = filled(storage, "half");

    BlobStorage reopened = BlobStorage.open(directory, clock);

    assertThat(cutShort).doesNotExist();
    assertThat(content(reopened, BLOB)).isEqualTo("kept");
  }

  @Test
  void keepsItsSigningKeyAcrossReopening() {
    byte[] key = BlobStorage.open(directory, clock).signingKey();

    assertThat(BlobStorage.open(directory, clock).signingKey()).isEqualTo(key);
  }

  private static BlockId block(String name) {
    return new BlockId(Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8)));
  }

  private static Path filled(BlobStorage storage, String content) throws IOException {
    return Files.writeString(storage.newTempFile(), content);
  }

  private static String content(BlobStorage storage, BlobPath blob) throws IOException {
    return Files.readString(storage.file(blob).orElseThrow());
  }
}
