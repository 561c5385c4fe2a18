/**
 * The embedded event log: {@link io.fleethub.eventlog.file.FileEventLog}, a segmented, append-only log on
 * local files behind the core's {@link io.fleethub.core.eventlog.EventLog}.
 *
 * <p>Layout: {@code DIR/eventlog.properties} (format, partition count), {@code DIR/eventlog.lock}, and
 * {@code DIR/partition-N/<first sequence number, 20 digits>.seg}. A segment is a run of frames (length,
 * CRC-32C, sequence number, enqueued time, partition key, properties, body; see {@code RecordCodec}); a new
 * segment starts when the active one would pass the configured size. Each segment has a sparse index in
 * memory, rebuilt by a scan at open.
 *
 * <p>Threads: one writer per partition. Appends are encoded on the caller's thread and queued (bounded); the
 * writer numbers them, writes a batch and forces it with one fdatasync, then publishes the new end of the
 * partition and completes the batch's futures. A writer per partition, rather than one for all, because the
 * cost is the fsync, not the CPU: concurrent fsyncs of separate files overlap in the device (measured on a
 * 2-core VM: one thread about 1,500 fsyncs/s, four threads about 8,000/s), a thread blocked in fsync costs no
 * CPU, and a partition never waits for another's disk work. At most 32 partitions bound the threads.
 *
 * <p>Reads use their own read-only channels and positional reads, bounded by what the writer published as
 * durable; they share no lock with the writer except a sparse index's monitor for a lookup. Retention deletes
 * whole segments, oldest first, on a thread of the log.
 */
package io.fleethub.eventlog.file;
