package io.fleethub.eventlog.file;

import java.io.IOException;
import java.io.StringReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * The root directory of a file event log: an exclusive lock (one open log per directory, across processes),
 * and a small metadata file that fixes the format version and the partition count when the log is created.
 *
 * <pre>
 *   DIR/eventlog.lock          held while the log is open
 *   DIR/eventlog.properties    format=1, partitionCount=N
 *   DIR/partition-N/           segments of partition N
 * </pre>
 */
final class LogDirectory implements AutoCloseable {
  static final String METADATA_FILE = "eventlog.properties";
  static final String LOCK_FILE = "eventlog.lock";
  private static final String FORMAT = "1";

  private final Path root;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private LogDirectory(Path root, FileChannel lockChannel, FileLock lock) {
    this.root = root;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Creates or opens the directory and locks it, checking that an existing log has {@code partitionCount}
   * partitions. Throws {@link IllegalStateException} when the directory is locked by another open log, or was
   * created with another partition count or format.
   */
  static LogDirectory open(Path root, int partitionCount) throws IOException {
    Durability.createDirectories(root);
    FileChannel channel = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    LogDirectory directory;
    try {
      FileLock lock = tryLock(channel);
      if (lock == null) {
        throw new IllegalStateException("The event log directory " + root + " is already in use by another"
            + " open event log (in this or another process)");
      }
      directory = new LogDirectory(root, channel, lock);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    try {
      directory.checkOrWriteMetadata(partitionCount);
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e;
    }
    return directory;
  }

  Path partitionDirectory(int partition) {
    return root.resolve("partition-" + partition);
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  private void checkOrWriteMetadata(int partitionCount) throws IOException {
    Path file = root.resolve(METADATA_FILE);
    if (!Files.exists(file)) {
      if (Files.exists(partitionDirectory(0))) {
        throw new IllegalStateException("The event log in " + root + " has partitions but no " + METADATA_FILE
            + "; restore that file (format=" + FORMAT + ", partitionCount=N) to open it");
      }
      String content = "# Fleethub event log. The partition count cannot change once events were written.\n"
          + "format=" + FORMAT + "\npartitionCount=" + partitionCount + "\n";
      Durability.writeAtomically(file, content.getBytes(StandardCharsets.UTF_8));
      return;
    }
    Properties metadata = new Properties();
    metadata.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
    if (!FORMAT.equals(metadata.getProperty("format"))) {
      throw new IllegalStateException("The event log in " + root + " has format '" + metadata.getProperty("format")
          + "'; this version reads format " + FORMAT);
    }
    String stored = metadata.getProperty("partitionCount");
    if (!String.valueOf(partitionCount).equals(stored)) {
      throw new IllegalStateException("The event log in " + root + " was created with " + stored
          + " partitions, but the configuration asks for " + partitionCount + ". The partition count of an"
          + " existing log cannot change: configure " + stored + " partitions, or use a new directory.");
    }
  }

  /** Releases the lock. */
  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      lockChannel.close();
    }
  }
}
