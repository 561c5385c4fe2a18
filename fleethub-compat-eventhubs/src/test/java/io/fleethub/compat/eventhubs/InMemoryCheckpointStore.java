package io.fleethub.compat.eventhubs;

import com.azure.messaging.eventhubs.CheckpointStore;
import com.azure.messaging.eventhubs.models.Checkpoint;
import com.azure.messaging.eventhubs.models.PartitionOwnership;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link CheckpointStore} in memory, for event processors of one JVM: what the Azure Blob checkpoint store
 * keeps in blobs, kept in maps. Ownership is claimed with optimistic concurrency, as blobs do it: a claim wins
 * only when it carries the etag the store holds for the partition (none for a partition never claimed), and each
 * winning claim gets a new etag and the store's time. Thread-safe.
 */
final class InMemoryCheckpointStore implements CheckpointStore {
  private final Map<Key, PartitionOwnership> ownerships = new ConcurrentHashMap<>();
  private final Map<Key, Checkpoint> checkpoints = new ConcurrentHashMap<>();

  /** One partition of one consumer group of one event hub; consumer group names are matched ignoring case. */
  private record Key(String namespace, String eventHub, String consumerGroup, String partition) {
    Key {
      consumerGroup = consumerGroup.toLowerCase(Locale.ROOT);
    }

    static Key of(PartitionOwnership ownership) {
      return new Key(ownership.getFullyQualifiedNamespace(), ownership.getEventHubName(),
          ownership.getConsumerGroup(), ownership.getPartitionId());
    }

    static Key of(Checkpoint checkpoint) {
      return new Key(checkpoint.getFullyQualifiedNamespace(), checkpoint.getEventHubName(),
          checkpoint.getConsumerGroup(), checkpoint.getPartitionId());
    }

    boolean isIn(String namespace, String eventHub, String consumerGroup) {
      return this.namespace.equals(namespace) && this.eventHub.equals(eventHub)
          && this.consumerGroup.equals(consumerGroup.toLowerCase(Locale.ROOT));
    }
  }

  @Override
  public Flux<PartitionOwnership> listOwnership(String namespace, String eventHub, String consumerGroup) {
    return Flux.fromIterable(snapshot(ownerships, namespace, eventHub, consumerGroup))
        .map(InMemoryCheckpointStore::copy);
  }

  /** Claims each requested partition whose etag is the one stored; returns the claims that won. */
  @Override
  public Flux<PartitionOwnership> claimOwnership(List<PartitionOwnership> requested) {
    List<PartitionOwnership> claimed = new ArrayList<>();
    for (PartitionOwnership request : requested) {
      PartitionOwnership granted = copy(request)
          .setETag(UUID.randomUUID().toString())
          .setLastModifiedTime(System.currentTimeMillis());
      PartitionOwnership winner = ownerships.compute(Key.of(request), (key, current) -> {
        String heldEtag = current == null ? null : current.getETag();
        return Objects.equals(heldEtag, request.getETag()) ? granted : current;
      });
      if (winner == granted) {
        claimed.add(copy(granted));
      }
    }
    return Flux.fromIterable(claimed);
  }

  @Override
  public Flux<Checkpoint> listCheckpoints(String namespace, String eventHub, String consumerGroup) {
    return Flux.fromIterable(snapshot(checkpoints, namespace, eventHub, consumerGroup))
        .map(InMemoryCheckpointStore::copy);
  }

  @Override
  public Mono<Void> updateCheckpoint(Checkpoint checkpoint) {
    return Mono.fromRunnable(() -> checkpoints.put(Key.of(checkpoint), copy(checkpoint)));
  }

  /** The checkpoint stored for a partition, if any. */
  Checkpoint checkpoint(String namespace, String eventHub, String consumerGroup, String partition) {
    Checkpoint checkpoint = checkpoints.get(new Key(namespace, eventHub, consumerGroup, partition));
    return checkpoint == null ? null : copy(checkpoint);
  }

  private static <T> List<T> snapshot(Map<Key, T> entries, String namespace, String eventHub, String consumerGroup) {
    List<T> matching = new ArrayList<>();
    entries.forEach((key, value) -> {
      if (key.isIn(namespace, eventHub, consumerGroup)) {
        matching.add(value);
      }
    });
    return matching;
  }

  /** Copies, so that neither the processor nor the store changes what the other holds. */
  private static PartitionOwnership copy(PartitionOwnership ownership) {
    return new PartitionOwnership()
        .setFullyQualifiedNamespace(ownership.getFullyQualifiedNamespace())
        .setEventHubName(ownership.getEventHubName())
        .setConsumerGroup(ownership.getConsumerGroup())
        .setPartitionId(ownership.getPartitionId())
        .setOwnerId(ownership.getOwnerId())
        .setLastModifiedTime(ownership.getLastModifiedTime())
        .setETag(ownership.getETag());
  }

  /** Keeps the offset in both forms: {@code EventContext.updateCheckpoint} (5.21.3) sets only the deprecated one. */
  @SuppressWarnings("deprecation")
  private static Checkpoint copy(Checkpoint checkpoint) {
    return new Checkpoint()
        .setFullyQualifiedNamespace(checkpoint.getFullyQualifiedNamespace())
        .setEventHubName(checkpoint.getEventHubName())
        .setConsumerGroup(checkpoint.getConsumerGroup())
        .setPartitionId(checkpoint.getPartitionId())
        .setOffsetString(checkpoint.getOffsetString())
        .setOffset(checkpoint.getOffset())
        .setSequenceNumber(checkpoint.getSequenceNumber());
  }
}
