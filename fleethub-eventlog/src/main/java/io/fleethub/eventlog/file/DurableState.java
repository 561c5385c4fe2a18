package io.fleethub.eventlog.file;

/**
 * What of a partition is durable, published as one value by the writer after each group commit.
 *
 * @param nextSequence the sequence number the next event will get; every lower one is durable
 * @param lastTimeMillis the enqueued time of event {@code nextSequence - 1}, {@link Long#MIN_VALUE} when unknown
 */
record DurableState(long nextSequence, long lastTimeMillis) {}
