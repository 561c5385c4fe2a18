package io.fleethub.eventlog.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a partition directory: lists its segments, scans each one to rebuild its sparse index and verify its
 * frames, and truncates a torn or corrupt tail of the last segment (what a crash while writing leaves). Every
 * frame before the tail was forced before its append was acknowledged, so acknowledged events survive.
 *
 * <p>Corruption anywhere else (a segment before the last, or a gap in sequence numbers) is not a crash
 * artefact: opening then fails with a message naming the file, rather than dropping acknowledged events.
 * Called once per partition while the log opens, before any other thread uses the partition.
 */
final class PartitionRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionRecovery.class);

  /**
   * A recovered partition: its segments (never empty, all durable) and where its numbering and its enqueued times
   * continue (the last event's time, which the next event's may not go below).
   */
  record Recovered(List<Segment> segments, DurableState state) {}

  private record Scan(long nextSequence, long lastTimeMillis) {}

  private PartitionRecovery() {}

  static Recovered recover(Path directory) throws IOException {
    Durability.createDirectories(directory);
    List<Segment> segments = listSegments(directory);
    if (segments.isEmpty()) {
      Segment first = new Segment(directory.resolve(Segment.fileName(0)), 0);
      Files.createFile(first.path());
      Durability.forceDirectory(directory);
      segments.add(first);
    }
    try {
      return new Recovered(segments, scanAll(directory, segments));
    } catch (IOException | RuntimeException e) {
      for (Segment segment : segments) {
        segment.close();
      }
      throw e;
    }
  }

  private static DurableState scanAll(Path directory, List<Segment> segments) throws IOException {
    long next = segments.get(0).baseSequence();
    long lastTime = Long.MIN_VALUE;
    for (int i = 0; i < segments.size(); i++) {
      Segment segment = segments.get(i);
      if (segment.baseSequence() != next) {
        throw new IOException("Event log partition " + directory + " has a gap: segment " + segment
            + " starts at sequence number " + segment.baseSequence() + " but the one before it ends at "
            + (next - 1) + ". Restore the missing segment or move the later segments away.");
      }
      Scan scan = scan(segment, i == segments.size() - 1);
      next = scan.nextSequence();
      lastTime = scan.lastTimeMillis() == Long.MIN_VALUE ? lastTime : scan.lastTimeMillis();
    }
    return new DurableState(next, lastTime);
  }

  private static List<Segment> listSegments(Path directory) throws IOException {
    List<Segment> segments = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        OptionalLong base = Segment.parseBaseSequence(file.getFileName().toString());
        if (base.isPresent()) {
          segments.add(new Segment(file, base.getAsLong()));
        }
      }
    }
    segments.sort(Comparator.comparingLong(Segment::baseSequence));
    return segments;
  }

  /** Indexes a segment's frames and marks them durable; truncates a bad tail when it is the last segment. */
  private static Scan scan(Segment segment, boolean last) throws IOException {
    long fileSize = Files.size(segment.path());
    RecordCursor cursor = new RecordCursor(segment, 0, fileSize);
    long expected = segment.baseSequence();
    long lastTime = Long.MIN_VALUE;
    long valid = 0;
    try {
      for (ByteBuffer payload = cursor.next(); payload != null; payload = cursor.next()) {
        long sequence = RecordCodec.sequenceOf(payload);
        if (sequence != expected) {
          throw new CorruptRecordException("sequence number " + sequence + " where " + expected
              + " was expected in " + segment + " at position " + valid);
        }
        lastTime = RecordCodec.timeMillisOf(payload);
        segment.index().add(sequence, valid, lastTime);
        expected++;
        valid = cursor.position();
      }
    } catch (CorruptRecordException e) {
      if (!last) {
        throw new IOException("Event log segment " + segment + " is corrupt (" + e.getMessage()
            + "); only the last segment of a partition may have a torn tail after a crash. Restore it from a"
            + " backup, or move it and the segments after it away to open the log without them.", e);
      }
      truncate(segment, valid, fileSize, e);
    }
    segment.markDurable(valid);
    return new Scan(expected, lastTime);
  }

  private static void truncate(Segment segment, long validBytes, long fileSize, CorruptRecordException reason)
      throws IOException {
    try (FileChannel channel = FileChannel.open(segment.path(), StandardOpenOption.WRITE)) {
      channel.truncate(validBytes);
      channel.force(true);
    }
    LOG.warn("Cut {} bytes off the end of {}: {}. A crash while events are written leaves such a tail; its"
        + " events had not been acknowledged.", fileSize - validBytes, segment, reason.getMessage());
  }
}
