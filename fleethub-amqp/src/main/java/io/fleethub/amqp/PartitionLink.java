package io.fleethub.amqp;

import io.vertx.proton.ProtonSender;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;

/**
 * One open (or opening) receiver of a partition: its link, its place among the partition's readers, and its
 * {@link PartitionStream} once open. Ends once, whichever comes first: the client detaches, the connection ends,
 * its grant expires, or a higher owner level steals the partition.
 *
 * <p>Confined to the connection's context, except {@link #steal}, which hops there.
 */
final class PartitionLink implements PartitionReaders.Reader {
  private final AmqpConnection connection;
  private final ProtonSender sender;
  private final String group;
  private final int partition;
  private final String entity;
  private final Long ownerLevel;
  private PartitionStream stream;
  private boolean ended;

  PartitionLink(AmqpConnection connection, ProtonSender sender, String group, int partition, String entity,
      Long ownerLevel) {
    this.connection = connection;
    this.sender = sender;
    this.group = group;
    this.partition = partition;
    this.entity = entity;
    this.ownerLevel = ownerLevel;
  }

  ProtonSender sender() {
    return sender;
  }

  String group() {
    return group;
  }

  int partition() {
    return partition;
  }

  /** The canonical entity path, which grants must cover. */
  String entity() {
    return entity;
  }

  @Override
  public Long ownerLevel() {
    return ownerLevel;
  }

  boolean isEnded() {
    return ended;
  }

  /** Answers the attach (echoing the client's source, with its filter) and starts delivering from {@code start}. */
  void open(long start, boolean runtimeMetrics) {
    sender.setSource(sender.getRemoteSource());
    sender.setTarget(sender.getRemoteTarget());
    if (runtimeMetrics) {
      sender.setOfferedCapabilities(new Symbol[] {PartitionLinks.RUNTIME_METRIC});
    }
    sender.open();
    connection.receiverOpened(1);
    stream = connection.newStream(sender, partition, start, runtimeMetrics);
    stream.start();
  }

  @Override
  public void steal(ErrorCondition condition) {
    connection.context().runOnContext(ignored -> end(condition));
  }

  /** Ends the link from the hub's side: stops delivery and closes it saying why. Idempotent. */
  void end(ErrorCondition condition) {
    if (ended) {
      return;
    }
    stop();
    sender.setCondition(condition);
    sender.close();
  }

  /** Stops delivery and leaves the partition's readers, without touching the link. */
  void stop() {
    if (ended) {
      return;
    }
    ended = true;
    if (stream != null) {
      stream.stop();
      connection.receiverOpened(-1);
    }
    connection.readers().leave(group, partition, this);
  }
}
