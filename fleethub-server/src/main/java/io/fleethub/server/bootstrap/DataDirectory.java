package io.fleethub.server.bootstrap;

import io.fleethub.server.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** The hub's data directory and how files in it are written. Stateless. */
public final class DataDirectory {
  private DataDirectory() {}

  /**
   * Creates the directory (and its parents) when missing and proves the hub can write in it; returns its
   * absolute path. Throws {@link ConfigException} naming the directory and the reason otherwise.
   */
  public static Path prepare(Path directory) {
    Path absolute = directory.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute);
      Path probe = Files.createTempFile(absolute, ".write-probe", ".tmp");
      Files.delete(probe);
      return absolute;
    } catch (IOException | SecurityException e) {
      throw new ConfigException("data directory " + absolute + " is not writable (" + describe(e)
          + ") — pass --data-dir with a directory this user can write");
    }
  }

  /**
   * Replaces {@code file} with {@code content} atomically: a reader sees the old or the new content, never half.
   * Where the file system has POSIX permissions, a {@code secret} file is readable by its owner only, any
   * other by everyone.
   */
  public static void writeAtomically(Path file, String content, boolean secret) {
    Path directory = file.toAbsolutePath().getParent();
    try {
      Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
      try {
        if (Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
          Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
        }
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + describe(e), e);
    }
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName().replace("Exception", "") + (message == null ? "" : ": " + message);
  }
}
