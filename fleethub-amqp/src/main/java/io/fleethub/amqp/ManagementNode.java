package io.fleethub.amqp;

import io.fleethub.core.auth.AccessRight;
import io.fleethub.core.consumergroups.ConsumerGroup;
import io.fleethub.core.error.HubException;
import io.fleethub.core.eventlog.PartitionInfo;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.qpid.proton.message.Message;

/**
 * The {@code $management} node's READ requests, which the Event Hubs SDKs send for
 * {@code getEventHubProperties()} ({@code type=com.microsoft:eventhub}) and {@code getPartitionProperties()}
 * ({@code type=com.microsoft:partition}). A request is authorised by the token in its {@code security_token}
 * application property (as the SDKs send it) or else by a CBS grant of the connection for the event hub. The
 * body is a map with the keys and AMQP types the SDKs read; status 200, 400, 401, 404 or 500.
 *
 * <p>Called on the connection's context; token checks and reads of the event log and the consumer groups run on the
 * endpoint's worker threads.
 */
final class ManagementNode implements RequestLinks.Responder {
  static final String ADDRESS = "$management";
  static final String EVENT_HUB_TYPE = "com.microsoft:eventhub";
  static final String PARTITION_TYPE = "com.microsoft:partition";

  /** What a partition that never held an event reports as its last offset, as Event Hubs does. */
  private static final String NO_OFFSET = "-1";

  private final AmqpServices services;
  private final WorkerExecutor worker;
  private final CbsGrants grants;

  ManagementNode(AmqpServices services, WorkerExecutor worker, CbsGrants grants) {
    this.services = services;
    this.worker = worker;
    this.grants = grants;
  }

  @Override
  public Future<RequestLinks.Reply> respond(Message request) {
    String operation = RequestLinks.stringProperty(request, "operation");
    if (!"READ".equalsIgnoreCase(String.valueOf(operation))) {
      return reply(400, "The $management node supports only the operation 'READ', not '" + operation + "'.");
    }
    String hubName = services.hub().hubName();
    String name = RequestLinks.stringProperty(request, "name");
    if (name == null || !EntityPaths.canonical(name, hubName).equalsIgnoreCase(hubName)) {
      return reply(404, "The messaging entity '" + name + "' could not be found.");
    }
    String type = RequestLinks.stringProperty(request, "type");
    String token = RequestLinks.stringProperty(request, "security_token");
    if (token == null && grants.covering(hubName).isEmpty()) {
      return reply(401, "Unauthorized: send a 'security_token' or put a token for '" + hubName + "' on $cbs first.");
    }
    if (EVENT_HUB_TYPE.equals(type)) {
      return read(token, name, this::eventHub);
    }
    if (PARTITION_TYPE.equals(type)) {
      String partitionId = RequestLinks.stringProperty(request, "partition");
      Optional<Integer> partition = new PartitionAddress(hubName, ConsumerGroup.DEFAULT, String.valueOf(partitionId))
          .partition(services.eventLog().partitionCount());
      if (partition.isEmpty()) {
        return reply(400, "The partition '" + partitionId + "' does not exist: partitions are 0 to "
            + (services.eventLog().partitionCount() - 1) + ".");
      }
      return read(token, name, () -> partition(partition.get()));
    }
    return reply(400, "The $management node reads the types '" + EVENT_HUB_TYPE + "' and '" + PARTITION_TYPE
        + "', not '" + type + "'.");
  }

  /** Authorises the token, if any, then reads; both on a worker thread. */
  private Future<RequestLinks.Reply> read(String token, String entity, java.util.function.Supplier<Object> body) {
    return worker.executeBlocking(() -> {
      if (token != null) {
        services.accessControl().authorizeService(token, AccessRight.SERVICE_CONNECT, entity);
      }
      return RequestLinks.Reply.ok(body.get());
    }, false).recover(failure -> failure instanceof HubException refused
        ? reply(401, refused.getMessage())
        : Future.failedFuture(failure));
  }

  private Object eventHub() {
    int count = services.eventLog().partitionCount();
    Map<String, Object> body = new HashMap<>();
    body.put("name", services.hub().hubName());
    body.put("type", EVENT_HUB_TYPE);
    body.put("created_at", Date.from(services.eventHubCreatedAt()));
    body.put("partition_count", count);
    body.put("partition_ids", IntStream.range(0, count).mapToObj(Integer::toString).toArray(String[]::new));
    return body;
  }

  private Object partition(int partition) {
    PartitionInfo info = services.eventLog().partitionInfo(partition);
    Map<String, Object> body = new HashMap<>();
    body.put("name", services.hub().hubName());
    body.put("type", PARTITION_TYPE);
    body.put("partition", Integer.toString(partition));
    body.put("begin_sequence_number", info.beginningSequenceNumber());
    body.put("last_enqueued_sequence_number", info.lastEnqueuedSequenceNumber());
    body.put("last_enqueued_offset", info.lastEnqueuedOffset().orElse(NO_OFFSET));
    body.put("last_enqueued_time_utc", Date.from(info.lastEnqueuedTime().orElse(Instant.EPOCH)));
    body.put("is_partition_empty", info.isEmpty());
    return body;
  }

  private static Future<RequestLinks.Reply> reply(int status, String description) {
    return Future.succeededFuture(RequestLinks.Reply.status(status, description));
  }
}
