package io.fleethub.amqp;

import io.fleethub.core.consumergroups.ConsumerGroup;
import io.vertx.proton.ProtonSender;
import io.vertx.proton.ProtonSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receivers a connection opens on the built-in endpoint's partitions. An attach is answered only after it
 * passed, in order: the address names this hub's event hub, an existing consumer group (looked up in the core on
 * a worker thread) and partition; a CBS grant of the connection covers the partition; the filter is understood;
 * the start position resolves in the log; the owner-level rules admit it ({@link PartitionReaders}). A refused
 * attach is answered without a source and detached with the reason, which is how the Event Hubs SDKs expect a
 * refusal.
 *
 * <p>Confined to the connection's context.
 */
final class PartitionLinks {
  private static final Logger log = LoggerFactory.getLogger(PartitionLinks.class);
  static final Symbol EPOCH = Symbol.valueOf("com.microsoft:epoch");
  static final Symbol RUNTIME_METRIC = Symbol.valueOf("com.microsoft:enable-receiver-runtime-metric");

  private final AmqpConnection connection;
  private final List<PartitionLink> links = new ArrayList<>();

  PartitionLinks(AmqpConnection connection) {
    this.connection = connection;
  }

  /**
   * Handles a client's receiver whose source address is of the partition form. The consumer group is looked up
   * on a worker thread, so a group created through the service API is served at once.
   */
  void attach(ProtonSender sender, PartitionAddress address) {
    AmqpServices services = connection.services();
    String hubName = services.hub().hubName();
    if (!address.namesHub(hubName)) {
      refuse(sender, AmqpErrors.entityNotFound(address.entity()));
      return;
    }
    AtomicBoolean gone = new AtomicBoolean();
    sender.closeHandler(closed -> {
      gone.set(true);
      sender.close();
    });
    sender.detachHandler(detached -> {
      gone.set(true);
      sender.detach();
    });
    connection.worker()
        .executeBlocking(() -> services.consumerGroups().find(address.consumerGroup()), false)
        .onComplete(found -> {
          if (gone.get() || connection.isEnded()) {
            return;
          }
          if (found.failed()) {
            log.warn("Could not look up consumer group '{}'", address.consumerGroup(), found.cause());
            refuse(sender, AmqpErrors.condition(AmqpErrors.INTERNAL_ERROR,
                "The hub could not look up the consumer group '" + address.consumerGroup() + "'."));
            return;
          }
          attachInGroup(sender, address, found.result().map(ConsumerGroup::name));
        });
  }

  /** Goes on with the checks once the group is known ({@code group} is its name as created, or empty). */
  private void attachInGroup(ProtonSender sender, PartitionAddress address, Optional<String> group) {
    AmqpServices services = connection.services();
    String hubName = services.hub().hubName();
    if (group.isEmpty()) {
      refuse(sender, AmqpErrors.entityNotFound(hubName + "/ConsumerGroups/" + address.consumerGroup()));
      return;
    }
    int partitionCount = services.eventLog().partitionCount();
    Optional<Integer> partition = address.partition(partitionCount);
    if (partition.isEmpty()) {
      refuse(sender, AmqpErrors.condition(AmqpErrors.ARGUMENT_OUT_OF_RANGE, "The partition '"
          + address.partitionId() + "' does not exist: partitions are 0 to " + (partitionCount - 1) + "."));
      return;
    }
    String entity = PartitionAddress.canonical(hubName, group.get(), partition.get());
    if (connection.grants().covering(entity).isEmpty()) {
      refuse(sender, AmqpErrors.condition(AmqpErrors.UNAUTHORIZED_ACCESS, "Unauthorized access to '" + entity
          + "': put a token for 'amqp://" + services.hub().hostName() + "/" + entity + "' on $cbs first."));
      return;
    }
    StartPosition position;
    Long ownerLevel;
    try {
      position = StartPosition.of((Source) sender.getRemoteSource());
      ownerLevel = ownerLevel(sender.getRemoteProperties());
    } catch (IllegalArgumentException e) {
      refuse(sender, AmqpErrors.condition(AmqpErrors.ARGUMENT_ERROR, e.getMessage()));
      return;
    }
    PartitionLink link = new PartitionLink(connection, sender, group.get(), partition.get(), entity, ownerLevel);
    links.add(link);
    sender.closeHandler(closed -> remoteEnded(link, true));
    sender.detachHandler(detached -> remoteEnded(link, false));
    resolveAndOpen(link, position, wantsRuntimeMetrics(sender));
  }

  /** Ends, with the reason, every link that no grant of the connection covers any more. */
  void revokeUncovered(String reason) {
    for (PartitionLink link : List.copyOf(links)) {
      if (connection.grants().covering(link.entity()).isEmpty()) {
        link.end(AmqpErrors.condition(AmqpErrors.UNAUTHORIZED_ACCESS, reason));
        links.remove(link);
      }
    }
  }

  /** Stops the links of a session the client ended (ending a session ends its links without detaches). */
  void sessionEnded(ProtonSession session) {
    for (PartitionLink link : List.copyOf(links)) {
      if (link.sender().getSession() == session) {
        link.stop();
        links.remove(link);
      }
    }
  }

  /** Stops every link's delivery; for the end of the connection. */
  void stopAll() {
    links.forEach(PartitionLink::stop);
    links.clear();
  }

  private void resolveAndOpen(PartitionLink link, StartPosition position, boolean runtimeMetrics) {
    AmqpServices services = connection.services();
    connection.worker().executeBlocking(() -> position.resolve(services.eventLog(), link.partition()), false)
        .onComplete(resolved -> {
          if (link.isEnded()) {
            return;
          }
          if (resolved.failed()) {
            links.remove(link);
            refuse(link.sender(), startFailure(resolved.cause()));
            return;
          }
          ErrorCondition refusal = connection.readers().admit(link.group(), link.partition(), link);
          if (refusal != null) {
            links.remove(link);
            refuse(link.sender(), refusal);
            return;
          }
          link.open(resolved.result(), runtimeMetrics);
        });
  }

  /** The client closed or detached the link: stop, and answer in kind. */
  private void remoteEnded(PartitionLink link, boolean closed) {
    links.remove(link);
    link.stop();
    if (closed) {
      link.sender().close();
    } else {
      link.sender().detach();
    }
  }

  private static ErrorCondition startFailure(Throwable cause) {
    if (cause instanceof IllegalArgumentException) {
      return AmqpErrors.condition(AmqpErrors.ARGUMENT_ERROR, cause.getMessage());
    }
    log.warn("Could not find the start position of a receiver", cause);
    return AmqpErrors.condition(AmqpErrors.INTERNAL_ERROR, "The hub could not find the start position.");
  }

  private static Long ownerLevel(Map<Symbol, Object> properties) {
    Object level = properties == null ? null : properties.get(EPOCH);
    if (level == null) {
      return null;
    }
    if (level instanceof Number number) {
      return number.longValue();
    }
    throw new IllegalArgumentException("The link property com.microsoft:epoch must be a number, not " + level);
  }

  private static boolean wantsRuntimeMetrics(ProtonSender sender) {
    Symbol[] desired = sender.getRemoteDesiredCapabilities();
    return desired != null && Arrays.asList(desired).contains(RUNTIME_METRIC);
  }

  /** Answers an attach without a source, then detaches with the reason. */
  static void refuse(ProtonSender sender, ErrorCondition condition) {
    log.debug("Refused a receiver on '{}': {}", sender.getRemoteSource() == null ? null
        : sender.getRemoteSource().getAddress(), condition.getDescription());
    sender.setSource(null);
    sender.setCondition(condition);
    sender.open();
    sender.close();
  }
}
