package io.fleethub.eventlog.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One segment file of a partition, named by the sequence number of its first record, with its sparse index and
 * the number of its bytes known to be durable.
 *
 * <p>Thread-safe. Reads go through a read-only channel of their own, opened on first use, so that neither
 * readers nor the writer are affected when an interrupted reader thread closes it: the next read reopens it.
 * Reading a segment that was closed (deleted by retention, or the log closed) throws
 * {@link ClosedChannelException}.
 */
final class Segment {
  private static final Pattern NAME = Pattern.compile("(\\d{20})\\.seg");

  private final long baseSequence;
  private final Path path;
  private final SparseIndex index = new SparseIndex();
  private volatile long durableBytes;
  private volatile FileChannel readChannel;
  private boolean closed;

  Segment(Path path, long baseSequence) {
    this.path = path;
    this.baseSequence = baseSequence;
  }

  static String fileName(long baseSequence) {
    return String.format("%020d.seg", baseSequence);
  }

  /** The base sequence number a segment file name stands for, empty for any other file. */
  static OptionalLong parseBaseSequence(String fileName) {
    Matcher matcher = NAME.matcher(fileName);
    return matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
  }

  long baseSequence() {
    return baseSequence;
  }

  Path path() {
    return path;
  }

  SparseIndex index() {
    return index;
  }

  /** Bytes from the start of the file that hold durable, complete records. */
  long durableBytes() {
    return durableBytes;
  }

  /** Called by the writer (or at open) once the first {@code bytes} bytes are forced to disk. */
  void markDurable(long bytes) {
    durableBytes = bytes;
  }

  /** Reads like {@link FileChannel#read(ByteBuffer, long)}; see the class comment for closed channels. */
  int read(ByteBuffer destination, long position) throws IOException {
    while (true) {
      FileChannel channel = channel();
      try {
        return channel.read(destination, position);
      } catch (ClosedByInterruptException e) {
        discard(channel);
        throw e;
      } catch (ClosedChannelException e) {
        discard(channel);
      }
    }
  }

  /** Closes the read channel and deletes the file; later reads throw {@link ClosedChannelException}. */
  void delete() throws IOException {
    close();
    Files.deleteIfExists(path);
  }

  /** Closes the read channel; later reads throw {@link ClosedChannelException}. */
  synchronized void close() throws IOException {
    closed = true;
    FileChannel channel = readChannel;
    readChannel = null;
    if (channel != null) {
      channel.close();
    }
  }

  private FileChannel channel() throws IOException {
    FileChannel channel = readChannel;
    return channel != null ? channel : openChannel();
  }

  private synchronized FileChannel openChannel() throws IOException {
    if (closed) {
      throw new ClosedChannelException();
    }
    if (readChannel == null) {
      readChannel = FileChannel.open(path, StandardOpenOption.READ);
    }
    return readChannel;
  }

  private synchronized void discard(FileChannel channel) {
    if (readChannel == channel) {
      readChannel = null;
    }
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
