package io.fleethub.compat.eventhubs;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Devices registered with a hub, each with an open official device client (iot-device-client 2.5.0, MQTT over
 * TLS, trusting the hub's CA through {@code ClientOptions.sslContext} as the README says). They send at the same
 * time, each its messages one after another ({@code sendEvent} returns once the hub acknowledged), so a device's
 * send order is the order of its calls. Not thread-safe.
 */
final class DeviceFleet implements AutoCloseable {
  private static final int SEND_TIMEOUT_MILLIS = 30_000;

  private final List<Member> members;
  private final ExecutorService senders;

  private record Member(String id, DeviceClient client, AtomicInteger nextSequence) {}

  private DeviceFleet(List<Member> members) {
    this.members = members;
    this.senders = Executors.newFixedThreadPool(members.size());
  }

  /** Registers the devices with the hub and opens a client for each. */
  static DeviceFleet connect(CompatHub hub, List<String> deviceIds) throws Exception {
    ClientOptions options = ClientOptions.builder()
        .sslContext(IotHubSSLContext.getSSLContextFromFile(hub.caCertificate().toString()))
        .build();
    List<Member> members = new ArrayList<>();
    try {
      for (String id : deviceIds) {
        DeviceClient client = new DeviceClient(hub.registerDevice(id), IotHubClientProtocol.MQTT, options);
        members.add(new Member(id, client, new AtomicInteger()));
        client.open(true);
      }
    } catch (Exception e) {
      members.forEach(member -> member.client().close());
      throw e;
    }
    return new DeviceFleet(members);
  }

  /**
   * As many device ids as the hub has partitions, whose telemetry the hub puts on every partition but
   * {@code emptyPartition}: one device on each of the others, and one more sharing a partition with another.
   */
  static List<String> idsLeavingOnePartitionEmpty(CompatHub hub, int emptyPartition) {
    Map<Integer, String> firstPerPartition = new LinkedHashMap<>();
    String sharing = null;
    for (int n = 0; firstPerPartition.size() < hub.partitionCount() - 1 || sharing == null; n++) {
      String id = "thermostat-" + n;
      int partition = hub.partitionOf(id);
      if (partition != emptyPartition && firstPerPartition.putIfAbsent(partition, id) != null && sharing == null) {
        sharing = id;
      }
    }
    return Stream.concat(firstPerPartition.values().stream(), Stream.of(sharing)).toList();
  }

  List<String> deviceIds() {
    return members.stream().map(Member::id).toList();
  }

  /**
   * Every device sends {@code count} messages, all devices at once; returns once the hub acknowledged every one.
   * Returns the messages of each device in its send order.
   */
  Map<String, List<SentMessage>> sendEach(int count) throws Exception {
    Map<String, Future<List<SentMessage>>> sends = new LinkedHashMap<>();
    for (Member member : members) {
      sends.put(member.id(), senders.submit(() -> send(member, count)));
    }
    Map<String, List<SentMessage>> sent = new LinkedHashMap<>();
    for (Map.Entry<String, Future<List<SentMessage>>> send : sends.entrySet()) {
      try {
        sent.put(send.getKey(), send.getValue().get());
      } catch (ExecutionException e) {
        throw new AssertionError("device " + send.getKey() + " could not send", e.getCause());
      }
    }
    return sent;
  }

  private static List<SentMessage> send(Member member, int count) throws Exception {
    List<SentMessage> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int seq = member.nextSequence().getAndIncrement();
      Map<String, String> properties = new LinkedHashMap<>();
      properties.put("seq", Integer.toString(seq));
      properties.put("sensor", member.id());
      properties.put("reading kind", "temperature & humidity");
      Message message = new Message(("{\"seq\":" + seq + ",\"temperature\":" + (20 + seq % 7) + "}").getBytes(UTF_8));
      message.setMessageId(member.id() + "-" + seq);
      message.setContentType("application/json");
      message.setContentEncoding("utf-8");
      properties.forEach(message::setProperty);
      member.client().sendEvent(message, SEND_TIMEOUT_MILLIS);
      sent.add(new SentMessage(member.id(), message.getMessageId(), properties));
    }
    return sent;
  }

  /** The messages of the rounds by message id: round after round, each device's in its send order. */
  @SafeVarargs
  static Map<String, SentMessage> byId(Map<String, List<SentMessage>>... rounds) {
    Map<String, SentMessage> byId = new LinkedHashMap<>();
    for (Map<String, List<SentMessage>> round : rounds) {
      round.values().stream().flatMap(List::stream).forEach(message -> byId.put(message.messageId(), message));
    }
    return byId;
  }

  /** The ids of one device's messages of the rounds, in its send order. */
  @SafeVarargs
  static List<String> idsInSendOrder(String deviceId, Map<String, List<SentMessage>>... rounds) {
    List<String> ids = new ArrayList<>();
    for (Map<String, List<SentMessage>> round : rounds) {
      round.getOrDefault(deviceId, List.of()).forEach(message -> ids.add(message.messageId()));
    }
    return ids;
  }

  @Override
  public void close() {
    senders.shutdownNow();
    members.forEach(member -> member.client().close());
  }
}
