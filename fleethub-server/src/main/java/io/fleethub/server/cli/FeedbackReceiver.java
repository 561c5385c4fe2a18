package io.fleethub.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fleethub.bench.service.ServiceAmqpConnection;
import io.vertx.proton.ProtonDelivery;
import io.vertx.proton.ProtonReceiver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.message.Message;

/**
 * The service's feedback receiver, a link on the hub's {@code /messages/serviceBound/feedback} node. Each feedback
 * message is a JSON array of records ({@code originalMessageId}, {@code statusCode}, {@code deviceId}, ...); the
 * hub batches records for up to 15 s. The receiver accepts the message that holds the records it waits for, and
 * releases the others it took when it is done, so that other feedback readers still get them. Called from one
 * command thread.
 */
final class FeedbackReceiver {
  static final String ADDRESS = "/messages/serviceBound/feedback";
  private static final int CREDIT = 10;

  private sealed interface Arrival {
    record Feedback(ProtonDelivery delivery, Message message) implements Arrival {}

    record Ended(String reason) implements Arrival {}
  }

  private final ServiceAmqpConnection amqp;
  private final ProtonReceiver link;
  private final BlockingQueue<Arrival> arrivals;

  private FeedbackReceiver(ServiceAmqpConnection amqp, ProtonReceiver link, BlockingQueue<Arrival> arrivals) {
    this.amqp = amqp;
    this.link = link;
    this.arrivals = arrivals;
  }

  static FeedbackReceiver open(ServiceAmqpConnection amqp) {
    BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    ProtonReceiver link = amqp.attach("the feedback receiver on " + ADDRESS, connection -> {
      ProtonReceiver receiver = connection.createReceiver(ADDRESS);
      receiver.setPrefetch(0);
      receiver.setAutoAccept(false);
      receiver.handler((delivery, message) -> arrivals.add(new Arrival.Feedback(delivery, message)));
      return receiver;
    }, reason -> arrivals.add(new Arrival.Ended(reason)));
    amqp.onContext(() -> link.flow(CREDIT));
    return new FeedbackReceiver(amqp, link, arrivals);
  }

  /**
   * Waits for the feedback records of the message {@code messageId}, for up to {@code timeout} (without limit
   * when empty), and accepts the feedback message holding them; {@link CliException} when none came in time.
   */
  ArrayNode awaitRecordsFor(String messageId, Optional<Duration> timeout, Clock clock) {
    Optional<Instant> deadline = timeout.map(clock.instant()::plus);
    List<ProtonDelivery> others = new ArrayList<>();
    try {
      while (true) {
        Arrival arrival = next(deadline.map(end -> Duration.between(clock.instant(), end)));
        if (arrival == null) {
          throw new CliException("no feedback about message '" + messageId + "' came within "
              + timeout.orElseThrow().toSeconds() + " s; the hub sends it once the device settles the message or"
              + " it expires, batched for up to 15 s");
        }
        if (arrival instanceof Arrival.Ended ended) {
          throw new CliException(ended.reason());
        }
        Arrival.Feedback feedback = (Arrival.Feedback) arrival;
        ArrayNode matching = recordsFor(messageId, feedback.message());
        if (!matching.isEmpty()) {
          settle(feedback.delivery(), true);
          return matching;
        }
        others.add(feedback.delivery());
        amqp.onContext(() -> link.flow(1));
      }
    } finally {
      others.forEach(delivery -> settle(delivery, false));
    }
  }

  private Arrival next(Optional<Duration> wait) {
    try {
      if (wait.isEmpty()) {
        return arrivals.take();
      }
      return wait.get().isNegative() ? null : arrivals.poll(wait.get().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while waiting for feedback");
    }
  }

  private void settle(ProtonDelivery delivery, boolean accept) {
    amqp.onContext(() -> delivery.disposition(accept ? Accepted.getInstance() : Released.getInstance(), true));
  }

  /** The records of {@code message}'s JSON array whose originalMessageId is {@code messageId}. */
  private static ArrayNode recordsFor(String messageId, Message message) {
    ArrayNode matching = JsonOutput.JSON.createArrayNode();
    for (JsonNode record : records(message)) {
      if (messageId.equals(record.path("originalMessageId").asText(null))) {
        matching.add(record);
      }
    }
    return matching;
  }

  private static JsonNode records(Message message) {
    Object body = message.getBody();
    String text = null;
    if (body instanceof Data data && data.getValue() != null) {
      text = utf8(data.getValue());
    } else if (body instanceof AmqpValue value && value.getValue() instanceof Binary binary) {
      text = utf8(binary);
    } else if (body instanceof AmqpValue value && value.getValue() instanceof String string) {
      text = string;
    }
    if (text == null) {
      return JsonOutput.JSON.createArrayNode();
    }
    try {
      JsonNode parsed = JsonOutput.JSON.readTree(text);
      return parsed != null && parsed.isArray() ? parsed : JsonOutput.JSON.createArrayNode();
    } catch (IOException e) {
      return JsonOutput.JSON.createArrayNode();
    }
  }

  private static String utf8(Binary binary) {
    return new String(binary.getArray(), binary.getArrayOffset(), binary.getLength(), StandardCharsets.UTF_8);
  }
}
