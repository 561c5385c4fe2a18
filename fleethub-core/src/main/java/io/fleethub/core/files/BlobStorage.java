package io.fleethub.core.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

/**
 * The hub's built-in blob store: committed blobs, staged blocks and in-flight uploads as files under one root
 * directory ({@code {dataDir}/files} in a server), laid out as
 *
 * <pre>
 *   blobs/{segment}/.../{last segment}.blob   committed blobs, segments percent-encoded ({@link BlobPath})
 *   blocks/{sha-256 of the blob name}/{hex block id}   blocks staged by Put Block, not yet committed
 *   tmp/                                      uploads being written; never read as blobs, emptied on open
 *   signing.key                               the key that signs the blobs' SAS ({@link BlobSas})
 * </pre>
 *
 * A writer fills a file from {@link #newTempFile()}, then hands it over: {@link #putBlob} and {@link #putBlockList}
 * move the finished file into place in one atomic rename, so a reader sees the old blob or the new one, never a
 * half-written one. Committing a blob discards its staged blocks; blocks once committed are not kept, so a block
 * list may only name staged blocks. Concurrent writers of one blob: the last commit wins. The last-modified time
 * is the store's clock at commit.
 *
 * <p>Thread-safe; every method blocks on the file system and throws {@link UncheckedIOException} when it fails.
 */
public final class BlobStorage {
  private static final int KEY_BYTES = 32;
  private static final String BLOB_SUFFIX = ".blob";

  private final Path blobs;
  private final Path blocks;
  private final Path temp;
  private final byte[] signingKey;
  private final Clock clock;

  private BlobStorage(Path root, Clock clock) throws IOException {
    this.blobs = Files.createDirectories(root.resolve("blobs"));
    this.blocks = Files.createDirectories(root.resolve("blocks"));
    this.temp = Files.createDirectories(root.resolve("tmp"));
    deleteContents(temp);
    this.clock = clock;
    this.signingKey = signingKey(root.resolve("signing.key"));
  }

  /**
   * Opens the store under {@code root}, creating its directories and signing key when absent, and deleting what
   * uploads cut short by a stop of the hub left in {@code tmp/}. One process at a time may open a root.
   */
  public static BlobStorage open(Path root, Clock clock) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(clock, "clock");
    try {
      return new BlobStorage(root, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the blob store in " + root, e);
    }
  }

  /**
   * A store in a new temporary directory, for tests and throwaway hubs; the directory is deleted when the JVM
   * exits normally.
   */
  public static BlobStorage temporary(Clock clock) {
    try {
      Path root = Files.createTempDirectory("fleethub-files");
      TemporaryRoots.deleteOnExit(root);
      return open(root, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary blob store", e);
    }
  }

  /** The temporary roots of this JVM, deleted by one shutdown hook. */
  private static final class TemporaryRoots {
    private static final Queue<Path> ROOTS = new ConcurrentLinkedQueue<>();

    static {
      Runtime.getRuntime().addShutdownHook(new Thread(TemporaryRoots::deleteAll, "fleethub-temporary-blob-stores"));
    }

    static void deleteOnExit(Path root) {
      ROOTS.add(root);
    }

    private static void deleteAll() {
      for (Path root : ROOTS) {
        try (Stream<Path> tree = Files.walk(root)) {
          tree.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
          // best effort at exit: a directory another process holds open stays behind
        }
      }
    }
  }

  /** The key that signs and checks SAS tokens for this store's blobs; the same after a restart. */
  byte[] signingKey() {
    return signingKey.clone();
  }

  /** A new empty file on the store's file system for a writer to fill, then commit or {@link #discard}. */
  public Path newTempFile() {
    try {
      return Files.createTempFile(temp, "upload-", ".part");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a file in " + temp, e);
    }
  }

  /** Deletes a file from {@link #newTempFile()} that will not be committed. */
  public void discard(Path tempFile) {
    try {
      Files.deleteIfExists(tempFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + tempFile, e);
    }
  }

  /** Put Blob: makes {@code filled} (from {@link #newTempFile()}) the blob's content, replacing any before. */
  public BlobProperties putBlob(BlobPath blob, Path filled) {
    try {
      Path target = commit(filled, blob);
      deleteTree(blockDirectory(blob));
      return properties(target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit blob " + blob, e);
    }
  }

  /** Put Block: stages {@code filled} (from {@link #newTempFile()}) as a block of the blob, replacing a namesake. */
  public void putBlock(BlobPath blob, BlockId id, Path filled) {
    try {
      Path directory = Files.createDirectories(blockDirectory(blob));
      move(filled, directory.resolve(id.fileName()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage block " + id.value() + " of blob " + blob, e);
    }
  }

  /**
   * Put Block List: makes the staged blocks, in the given order, the blob's content and discards the blob's other
   * staged blocks. A block may be named more than once. Throws {@link BlobStorageException} (400 InvalidBlockList)
   * naming a block that is not staged, changing nothing.
   */
  public BlobProperties putBlockList(BlobPath blob, List<BlockId> blockIds) {
    Path directory = blockDirectory(blob);
    for (BlockId id : blockIds) {
      if (!Files.isRegularFile(directory.resolve(id.fileName()))) {
        throw new BlobStorageException(400, "InvalidBlockList", "The specified block list is invalid: block '"
            + id.value() + "' of blob '" + blob + "' is not staged (blocks once committed are not kept).");
      }
    }
    Path joined = newTempFile();
    try {
      try (FileChannel out = FileChannel.open(joined, StandardOpenOption.WRITE)) {
        for (BlockId id : blockIds) {
          try (FileChannel in = FileChannel.open(directory.resolve(id.fileName()), StandardOpenOption.READ)) {
            long size = in.size();
            for (long copied = 0; copied < size; ) {
              copied += in.transferTo(copied, size - copied, out);
            }
          }
        }
        out.force(true);
      }
      Path target = commit(joined, blob);
      deleteTree(directory);
      return properties(target);
    } catch (NoSuchFileException e) {
      discard(joined);
      throw new BlobStorageException(400, "InvalidBlockList", "The specified block list is invalid: a block of blob '"
          + blob + "' was discarded while the list was being committed.");
    } catch (IOException e) {
      discard(joined);
      throw new UncheckedIOException("cannot commit the block list of blob " + blob, e);
    }
  }

  /** The committed blob's properties; empty when there is none. */
  public Optional<BlobProperties> properties(BlobPath blob) {
    Path file = fileOf(blob);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(properties(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the properties of blob " + blob, e);
    }
  }

  /** The committed blob's file, for reading; empty when there is none. Replaced, never changed, by later commits. */
  public Optional<Path> file(BlobPath blob) {
    Path file = fileOf(blob);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  private Path commit(Path filled, BlobPath blob) throws IOException {
    Path target = fileOf(blob);
    Files.createDirectories(target.getParent());
    Files.setLastModifiedTime(filled, FileTime.from(clock.instant()));
    move(filled, target);
    return target;
  }

  private Path fileOf(BlobPath blob) {
    String[] names = blob.fileNames();
    Path path = blobs;
    for (int i = 0; i < names.length - 1; i++) {
      path = path.resolve(names[i]);
    }
    return path.resolve(names[names.length - 1] + BLOB_SUFFIX);
  }

  private Path blockDirectory(BlobPath blob) {
    return blocks.resolve(sha256(blob.value()));
  }

  private static BlobProperties properties(Path file) throws IOException {
    long size = Files.size(file);
    Instant modified = Files.getLastModifiedTime(file).toInstant();
    Object inode = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    String version = Long.toHexString(modified.getEpochSecond()) + Long.toHexString(modified.getNano())
        + Long.toHexString(size) + Integer.toHexString(Objects.hashCode(inode));
    return new BlobProperties(size, modified, "\"0x" + version.toUpperCase(java.util.Locale.ROOT) + "\"");
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the blob store's file system cannot rename " + from + " to " + to + " atomically", e);
    }
  }

  private static void deleteTree(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (NoSuchFileException e) {
      // another commit of the same blob removed them first
    }
  }

  private static void deleteContents(Path directory) throws IOException {
    try (Stream<Path> leftovers = Files.list(directory)) {
      for (Path leftover : leftovers.toList()) {
        Files.deleteIfExists(leftover);
      }
    }
  }

  private byte[] signingKey(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] key = new byte[KEY_BYTES];
      new SecureRandom().nextBytes(key);
      Path written = newTempFile();
      Files.write(written, key);
      try {
        Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException e) {
        Files.deleteIfExists(written);
      }
    }
    byte[] key = Files.readAllBytes(file);
    if (key.length != KEY_BYTES) {
      throw new IOException(file + " holds " + key.length + " bytes, not a " + KEY_BYTES + "-byte signing key");
    }
    return key;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
