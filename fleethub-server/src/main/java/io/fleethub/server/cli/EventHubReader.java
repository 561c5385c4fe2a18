package io.fleethub.server.cli;

import io.fleethub.bench.service.ServiceAmqpConnection;
import io.vertx.proton.ProtonReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnknownDescribedType;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.message.Message;

/**
 * Reads the hub's built-in endpoint as an Event Hubs client does: a {@code $management} READ of the event hub for
 * its partition ids, then one receiver per partition on {@code {hub}/ConsumerGroups/{group}/Partitions/{p}} with
 * the start position as an {@code apache.org:selector-filter:string} filter. Events of all partitions arrive in
 * one queue, in order within each partition. Credit goes back to a partition as the caller takes its events, so
 * at most {@value #CREDIT} events per partition wait in memory. Called from one command thread.
 */
final class EventHubReader {
  static final Symbol SELECTOR_FILTER = Symbol.valueOf("apache.org:selector-filter:string");
  private static final String MANAGEMENT_NODE = "$management";
  private static final String EVENT_HUB_TYPE = "com.microsoft:eventhub";
  private static final int CREDIT = 100;

  /** What the receivers hand the command thread. */
  private sealed interface Arrival {
    record Event(ProtonReceiver link, Message message) implements Arrival {}

    record Ended(String reason) implements Arrival {}
  }

  private final ServiceAmqpConnection amqp;
  private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();

  private EventHubReader(ServiceAmqpConnection amqp) {
    this.amqp = amqp;
  }

  /**
   * Opens a receiver on every partition of the event hub {@code eventHub} (the hub's name) for
   * {@code consumerGroup}, starting at {@code position}; {@link io.fleethub.bench.target.TargetException} when the
   * hub refuses one (say, an unknown consumer group).
   */
  static EventHubReader open(ServiceAmqpConnection amqp, String eventHub, String consumerGroup,
      EventPosition position) {
    EventHubReader reader = new EventHubReader(amqp);
    for (String partition : partitionIds(amqp, eventHub)) {
      reader.attach(eventHub + "/ConsumerGroups/" + consumerGroup + "/Partitions/" + partition, position);
    }
    return reader;
  }

  /**
   * The next event, waiting for up to {@code wait} (without limit when empty); empty when none came in time.
   * {@link CliException} when the hub ended a receiver or the connection.
   */
  Optional<Message> next(Optional<Duration> wait) {
    Arrival arrival;
    try {
      arrival = wait.isPresent() ? arrivals.poll(wait.get().toMillis(), TimeUnit.MILLISECONDS) : arrivals.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while waiting for events");
    }
    if (arrival == null) {
      return Optional.empty();
    }
    if (arrival instanceof Arrival.Ended ended) {
      throw new CliException(ended.reason());
    }
    Arrival.Event event = (Arrival.Event) arrival;
    amqp.onContext(() -> {
      if (event.link().isOpen()) {
        event.link().flow(1);
      }
    });
    return Optional.of(event.message());
  }

  /** The event hub's partition ids, from a {@code $management} READ. */
  private static List<String> partitionIds(ServiceAmqpConnection amqp, String eventHub) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("operation", "READ");
    properties.put("type", EVENT_HUB_TYPE);
    properties.put("name", eventHub);
    Message reply = amqp.request(MANAGEMENT_NODE, properties, null);
    Object status = reply.getApplicationProperties() == null ? null
        : reply.getApplicationProperties().getValue().get("status-code");
    if (!(status instanceof Number code) || code.intValue() != 200) {
      Object description = reply.getApplicationProperties() == null ? null
          : reply.getApplicationProperties().getValue().get("status-description");
      throw new CliException("the hub did not describe its event hub '" + eventHub + "': " + status
          + (description == null ? "" : " " + description));
    }
    Object body = reply.getBody() instanceof AmqpValue value ? value.getValue() : null;
    Object ids = body instanceof Map<?, ?> map ? map.get("partition_ids") : null;
    List<String> partitions = new ArrayList<>();
    if (ids instanceof Object[] array) {
      Arrays.stream(array).map(String::valueOf).forEach(partitions::add);
    } else if (ids instanceof List<?> list) {
      list.stream().map(String::valueOf).forEach(partitions::add);
    }
    if (partitions.isEmpty()) {
      throw new CliException("the hub's description of its event hub '" + eventHub + "' lists no partitions");
    }
    return partitions;
  }

  private void attach(String address, EventPosition position) {
    ProtonReceiver receiver = amqp.attach("a receiver on " + address, connection -> {
      ProtonReceiver link = connection.createReceiver(address);
      Source source = (Source) link.getSource();
      Map<Symbol, Object> filters = new HashMap<>();
      filters.put(SELECTOR_FILTER, new UnknownDescribedType(SELECTOR_FILTER, position.filter()));
      source.setFilter(filters);
      link.setPrefetch(0);
      link.handler((delivery, message) -> arrivals.add(new Arrival.Event(link, message)));
      return link;
    }, reason -> arrivals.add(new Arrival.Ended(reason)));
    amqp.onContext(() -> receiver.flow(CREDIT));
  }
}
