package io.fleethub.eventlog.file;

/**
 * What of a partition is durable, published as one value by the writer after each group commit.
 *
 * @param nextSequence the sequence number the next event will get; every lower one is durable
 * @param lastTimeMillis the enqueued time of event {@code nextSequence - 1}, the latest in the partition since times
 *     never decrease along it; {@link Long#MIN_VALUE} when unknown (no event retained when the log was opened)
 */
record DurableState(long nextSequence, long lastTimeMillis) {}
