package io.fleethub.eventlog.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The write side of a partition: frames go through one direct buffer into the active segment's channel;
 * {@link #force()} makes them durable; a full segment is forced and replaced by a new one (a roll).
 *
 * <p>Not thread-safe: used by the partition's writer, or by retention while it holds the writer's lock.
 * Direct memory: one buffer of {@link #BUFFER_BYTES}; larger frames pass through it in pieces.
 */
final class ActiveSegment implements AutoCloseable {
  static final int BUFFER_BYTES = 256 * 1024;

  private final Path directory;
  private final SegmentList segments;
  private final long segmentMaxBytes;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
  private final ByteBuffer sequenceBytes = ByteBuffer.allocate(RecordCodec.SEQUENCE_BYTES);
  private final CRC32C crc = new CRC32C();
  private Segment segment;
  private FileChannel channel;
  /** Bytes of the segment written or buffered. */
  private long size;
  /** Bytes of the segment forced to disk. */
  private long forcedSize;

  private ActiveSegment(Path directory, SegmentList segments, long segmentMaxBytes, FileChannel channel) {
    this.directory = directory;
    this.segments = segments;
    this.segmentMaxBytes = segmentMaxBytes;
    this.segment = segments.active();
    this.channel = channel;
    this.size = segment.durableBytes();
    this.forcedSize = size;
  }

  /** Opens the last segment of {@code segments} for appending after its durable bytes. */
  static ActiveSegment open(Path directory, SegmentList segments, long segmentMaxBytes) throws IOException {
    Segment last = segments.active();
    FileChannel channel = FileChannel.open(last.path(), StandardOpenOption.WRITE);
    channel.position(last.durableBytes());
    return new ActiveSegment(directory, segments, segmentMaxBytes, channel);
  }

  /**
   * Writes the frame of one event (into the buffer, or through to the file), rolling to a new segment first
   * when it would not fit in the active one. Not durable until {@link #force()}.
   */
  void write(long sequence, byte[] tail, long timeMillis) throws IOException {
    int frame = RecordCodec.frameBytes(tail.length);
    if (size > 0 && size + frame > segmentMaxBytes) {
      roll(sequence);
    }
    sequenceBytes.clear();
    sequenceBytes.putLong(sequence).flip();
    int checksum = RecordCodec.checksum(crc, sequenceBytes, tail);
    if (buffer.remaining() < RecordCodec.HEADER_BYTES + RecordCodec.SEQUENCE_BYTES) {
      drain();
    }
    buffer.putInt(RecordCodec.SEQUENCE_BYTES + tail.length).putInt(checksum).putLong(sequence);
    for (int offset = 0; offset < tail.length; ) {
      if (!buffer.hasRemaining()) {
        drain();
      }
      int piece = Math.min(buffer.remaining(), tail.length - offset);
      buffer.put(tail, offset, piece);
      offset += piece;
    }
    segment.index().add(sequence, size, timeMillis);
    size += frame;
  }

  /** Writes what is buffered and forces the segment to disk (fdatasync); then marks it durable. */
  void force() throws IOException {
    drain();
    if (forcedSize != size) {
      channel.force(false);
      forcedSize = size;
    }
    segment.markDurable(size);
  }

  /**
   * Rolls to a new segment when the active one holds events and the newest was enqueued before
   * {@code cutoffMillis}, so that retention can delete it. Returns whether it rolled.
   */
  boolean rollIfExpired(long cutoffMillis, long nextSequence) throws IOException {
    if (size == 0 || segment.index().maxTimeMillis() >= cutoffMillis) {
      return false;
    }
    roll(nextSequence);
    return true;
  }

  /**
   * Forces the active segment, then creates the next one (named by its first sequence number), makes its
   * directory entry durable and publishes it as the active segment.
   */
  private void roll(long nextSequence) throws IOException {
    force();
    Segment next = new Segment(directory.resolve(Segment.fileName(nextSequence)), nextSequence);
    FileChannel nextChannel = FileChannel.open(next.path(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      Durability.forceDirectory(directory);
    } catch (IOException e) {
      nextChannel.close();
      Files.deleteIfExists(next.path());
      throw e;
    }
    channel.close();
    segment = next;
    channel = nextChannel;
    size = 0;
    forcedSize = 0;
    segments.add(next);
  }

  private void drain() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  /** Closes the channel; buffered bytes that were not forced are dropped. */
  @Override
  public void close() throws IOException {
    channel.close();
  }
}
