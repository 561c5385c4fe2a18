package io.fleethub.amqp;

import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.eventlog.PartitionInfo;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.qpid.proton.amqp.DescribedType;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Source;

/**
 * Where a receiver starts reading a partition, from its source's {@code apache.org:selector-filter:string}
 * filter: {@code amqp.annotation.x-opt-offset > '...'} (or {@code >=}), likewise {@code x-opt-sequence-number}
 * and {@code x-opt-enqueued-time} (milliseconds since the epoch), as the Event Hubs SDKs write it. The offsets
 * {@value #START_OF_STREAM} and {@value #END_OF_STREAM} stand for the first retained event and for the next event
 * to be enqueued. A receiver without a filter starts at the first retained event.
 *
 * @param annotation which annotation the filter compares: x-opt-offset, x-opt-sequence-number or
 *     x-opt-enqueued-time
 * @param value the value as the filter quotes it
 * @param inclusive {@code >=} rather than {@code >}
 */
record StartPosition(String annotation, String value, boolean inclusive) {
  static final Symbol SELECTOR_FILTER = Symbol.valueOf("apache.org:selector-filter:string");
  static final String OFFSET = "x-opt-offset";
  static final String SEQUENCE_NUMBER = "x-opt-sequence-number";
  static final String ENQUEUED_TIME = "x-opt-enqueued-time";
  static final String START_OF_STREAM = "-1";
  static final String END_OF_STREAM = "@latest";

  private static final Pattern EXPRESSION = Pattern.compile(
      "\\s*amqp\\.annotation\\.(x-opt-offset|x-opt-sequence-number|x-opt-enqueued-time)\\s*(>=|>)\\s*'([^']*)'\\s*",
      Pattern.CASE_INSENSITIVE);

  /** The first retained event. */
  static final StartPosition EARLIEST = new StartPosition(OFFSET, START_OF_STREAM, false);

  /**
   * The position a receiver's source asks for; throws {@link IllegalArgumentException} saying what is wrong with
   * a filter that is not one of the forms above.
   */
  static StartPosition of(Source source) {
    Map<?, ?> filters = source == null ? null : source.getFilter();
    Object filter = filters == null ? null : filters.get(SELECTOR_FILTER);
    if (filter == null) {
      return EARLIEST;
    }
    Object expression = filter instanceof DescribedType described ? described.getDescribed() : filter;
    if (!(expression instanceof String text)) {
      throw new IllegalArgumentException("The selector filter must be a string expression, not " + expression);
    }
    return parse(text);
  }

  static StartPosition parse(String expression) {
    Matcher matcher = EXPRESSION.matcher(expression);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("The filter '" + expression + "' is not of the form "
          + "amqp.annotation.x-opt-offset|x-opt-sequence-number|x-opt-enqueued-time > or >= 'value'.");
    }
    String annotation = matcher.group(1).toLowerCase(Locale.ROOT);
    return new StartPosition(annotation, matcher.group(3), ">=".equals(matcher.group(2)));
  }

  /**
   * The sequence number of the first event to deliver. Blocks on the event log: call it on a worker thread. Throws
   * {@link IllegalArgumentException} for an offset the log did not produce, a value that is not a number, or a
   * sequence number beyond the next one to be enqueued.
   */
  long resolve(EventLog log, int partition) {
    return switch (annotation) {
      case OFFSET -> fromOffset(log, partition);
      case SEQUENCE_NUMBER -> fromSequenceNumber(log.partitionInfo(partition), number());
      default -> log.sequenceNumberAt(partition, Instant.ofEpochMilli(inclusive ? number() : number() + 1));
    };
  }

  private long fromOffset(EventLog log, int partition) {
    PartitionInfo info = log.partitionInfo(partition);
    if (START_OF_STREAM.equals(value)) {
      return info.beginningSequenceNumber();
    }
    if (END_OF_STREAM.equalsIgnoreCase(value)) {
      return info.lastEnqueuedSequenceNumber() + 1;
    }
    long sequenceNumber = log.sequenceNumberOf(partition, value);
    return inclusive ? sequenceNumber : sequenceNumber + 1;
  }

  private long fromSequenceNumber(PartitionInfo info, long sequenceNumber) {
    long start = inclusive ? sequenceNumber : sequenceNumber + 1;
    long next = info.lastEnqueuedSequenceNumber() + 1;
    if (start > next) {
      throw new IllegalArgumentException("The sequence number " + sequenceNumber + " is beyond the end of partition "
          + info.partition() + ", whose last sequence number is " + info.lastEnqueuedSequenceNumber() + ".");
    }
    return Math.max(start, info.beginningSequenceNumber());
  }

  private long number() {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("The filter value '" + value + "' of " + annotation + " is not a number.");
    }
  }
}
