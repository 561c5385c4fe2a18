package io.fleethub.eventlog.file;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Walks the frames of one segment in file order, from a frame boundary up to a byte limit, with positional
 * reads in chunks. Every frame's length and checksum are verified before it is returned.
 *
 * <p>Not thread-safe: one cursor per read. Memory: one chunk, larger only while a larger frame is read.
 */
final class RecordCursor {
  static final int CHUNK_BYTES = 64 * 1024;

  private final Segment segment;
  private final long limit;
  private ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES).flip();
  /** File position of the frame at the buffer's position. */
  private long position;
  /** File position just after the buffer's limit: where the next read goes. */
  private long readPosition;

  RecordCursor(Segment segment, long start, long limit) {
    this.segment = segment;
    this.position = start;
    this.readPosition = start;
    this.limit = limit;
  }

  /** File position of the next frame (or of the limit once all were returned). */
  long position() {
    return position;
  }

  /**
   * The payload of the next frame, valid until the next call, or null at the limit. Throws
   * {@link CorruptRecordException} for a frame that is torn, too long or fails its checksum; the cursor then
   * stays at that frame.
   */
  ByteBuffer next() throws IOException {
    if (position >= limit) {
      return null;
    }
    fill(RecordCodec.HEADER_BYTES);
    int start = buffer.position();
    int length = buffer.getInt(start);
    int checksum = buffer.getInt(start + 4);
    if (length < RecordCodec.MIN_PAYLOAD_BYTES || length > RecordCodec.MAX_FRAME_BYTES - RecordCodec.HEADER_BYTES) {
      throw corrupt("invalid frame length " + length);
    }
    int frame = RecordCodec.HEADER_BYTES + length;
    fill(frame);
    start = buffer.position();
    ByteBuffer payload = buffer.slice(start + RecordCodec.HEADER_BYTES, length);
    if (!RecordCodec.checksumMatches(payload, checksum)) {
      throw corrupt("checksum mismatch");
    }
    buffer.position(start + frame);
    position += frame;
    return payload;
  }

  CorruptRecordException corrupt(String reason) {
    return new CorruptRecordException(reason + " in " + segment + " at position " + position);
  }

  /** Makes at least {@code bytes} bytes of the current frame available in the buffer. */
  private void fill(int bytes) throws IOException {
    if (buffer.remaining() >= bytes) {
      return;
    }
    if (position + bytes > limit) {
      throw corrupt("frame of at least " + bytes + " bytes torn by the end of the data at " + limit);
    }
    if (buffer.capacity() < bytes) {
      ByteBuffer larger = ByteBuffer.allocate(bytes);
      larger.put(buffer);
      buffer = larger;
    } else {
      buffer.compact();
    }
    while (buffer.position() < bytes) {
      int room = (int) Math.min(buffer.remaining(), limit - readPosition);
      ByteBuffer target = buffer.slice(buffer.position(), room);
      int read = segment.read(target, readPosition);
      if (read < 0) {
        buffer.flip();
        throw corrupt("file ends at " + readPosition + " before the expected " + limit);
      }
      buffer.position(buffer.position() + read);
      readPosition += read;
    }
    buffer.flip();
  }
}
