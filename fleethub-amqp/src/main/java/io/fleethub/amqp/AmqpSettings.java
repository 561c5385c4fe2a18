package io.fleethub.amqp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Where and how the AMQP endpoint serves, and the limits it keeps per connection and per link. Port 0 picks a
 * free port (see {@link AmqpEndpoint#port()} and {@link AmqpEndpoint#plainPort()}).
 *
 * @param bindHost the interface both listeners bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port the TLS port, 0 to 65535; 5671 in production (the Azure Java SDKs hard-code it)
 * @param certificateChainPem the server certificate, then its intermediates, in PEM
 * @param privateKeyPem the certificate's private key in PEM (PKCS#8, or PKCS#1 for RSA)
 * @param plainPort the port of a listener without TLS, on {@link AmqpEndpoint#PLAIN_BIND_HOST} only, for Event
 *     Hubs clients whose connection string says {@code UseDevelopmentEmulator=true} (they connect in plain AMQP,
 *     by default to 5672); empty for none
 * @param maxFrameSize the largest AMQP frame the hub accepts, which it announces in its open; at least
 *     {@link #MIN_MAX_FRAME_SIZE}. Frames the hub sends follow the client's own limit, down to 512 bytes
 * @param idleTimeout the idle timeout the hub announces: a connection that sends nothing (not even an empty
 *     frame) for this long is closed; the hub sends empty frames often enough to satisfy the client's timeout
 * @param openTimeout how long a connection may take from TCP accept to its AMQP open
 * @param readBatchSize the most events one link reads from the event log at a time; at least 1
 * @param maxBufferedEventsPerLink the most events a link holds unsent: read from the log but not yet sent, or
 *     sent but held by the AMQP engine while the client's session window is shut. Reads stop at this bound and
 *     while the client grants no credit, so a slow consumer costs at most this much memory; at least
 *     {@code readBatchSize}
 * @param maxReceiversPerPartition the most receivers of one partition in one consumer group (IoT Hub allows 5)
 * @param credentialCheckInterval the longest time between two checks of a CBS token's expiry against the hub's
 *     clock; links also end exactly at the expiry when the clock runs in real time
 * @param eventLoops how many event loops accept and serve connections (one listener instance each, sharing the
 *     ports); at least 1
 * @param blockingThreads the worker threads that read the event log, check tokens against the policy store and
 *     read the feedback queue; at least 1
 * @param cloudToDeviceCredit the link credit a service's sender to {@code /messages/devicebound} holds: how many of
 *     its messages the hub takes before it has settled the earlier ones. Each message is queued on its device's lane,
 *     and a settled message gives its credit back, so the lanes pace the sender; at least 1
 * @param feedbackPollInterval how often a feedback receiver with credit looks for a feedback batch that is due
 *     (the feedback queue itself forms a batch once 64 records wait or the oldest has waited 15 s)
 */
public record AmqpSettings(
    String bindHost,
    int port,
    Path certificateChainPem,
    Path privateKeyPem,
    OptionalInt plainPort,
    int maxFrameSize,
    Duration idleTimeout,
    Duration openTimeout,
    int readBatchSize,
    int maxBufferedEventsPerLink,
    int maxReceiversPerPartition,
    Duration credentialCheckInterval,
    int eventLoops,
    int blockingThreads,
    int cloudToDeviceCredit,
    Duration feedbackPollInterval) {

  /** The smallest frame size the hub may announce: the Azure Java device SDK announces 4096 itself. */
  public static final int MIN_MAX_FRAME_SIZE = 4096;

  public static final int DEFAULT_MAX_FRAME_SIZE = 65_536;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(240);
  public static final Duration DEFAULT_OPEN_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_READ_BATCH_SIZE = 64;
  public static final int DEFAULT_MAX_BUFFERED_EVENTS_PER_LINK = 256;
  public static final int DEFAULT_MAX_RECEIVERS_PER_PARTITION = 5;
  public static final Duration DEFAULT_CREDENTIAL_CHECK_INTERVAL = Duration.ofSeconds(60);
  public static final int DEFAULT_EVENT_LOOPS = Runtime.getRuntime().availableProcessors();
  public static final int DEFAULT_BLOCKING_THREADS = 8;
  public static final int DEFAULT_CLOUD_TO_DEVICE_CREDIT = 32;
  public static final Duration DEFAULT_FEEDBACK_POLL_INTERVAL = Duration.ofSeconds(1);

  public AmqpSettings {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(certificateChainPem, "certificateChainPem");
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    Objects.requireNonNull(plainPort, "plainPort");
    if (bindHost.isBlank()) {
      throw new IllegalArgumentException("bindHost must name an interface, e.g. 0.0.0.0");
    }
    requirePort("port", port);
    plainPort.ifPresent(p -> requirePort("plainPort", p));
    if (maxFrameSize < MIN_MAX_FRAME_SIZE) {
      throw new IllegalArgumentException(
          "maxFrameSize must be at least " + MIN_MAX_FRAME_SIZE + ", not " + maxFrameSize);
    }
    requirePositive("idleTimeout", idleTimeout);
    requirePositive("openTimeout", openTimeout);
    requirePositive("credentialCheckInterval", credentialCheckInterval);
    requirePositive("feedbackPollInterval", feedbackPollInterval);
    requireAtLeast("readBatchSize", readBatchSize, 1);
    requireAtLeast("maxBufferedEventsPerLink", maxBufferedEventsPerLink, readBatchSize);
    requireAtLeast("maxReceiversPerPartition", maxReceiversPerPartition, 1);
    requireAtLeast("eventLoops", eventLoops, 1);
    requireAtLeast("blockingThreads", blockingThreads, 1);
    requireAtLeast("cloudToDeviceCredit", cloudToDeviceCredit, 1);
  }

  /** The defaults for everything but where to listen, which certificate to present and the plain port. */
  public static AmqpSettings defaults(String bindHost, int port, Path certificateChainPem, Path privateKeyPem,
      OptionalInt plainPort) {
    return new AmqpSettings(bindHost, port, certificateChainPem, privateKeyPem, plainPort, DEFAULT_MAX_FRAME_SIZE,
        DEFAULT_IDLE_TIMEOUT, DEFAULT_OPEN_TIMEOUT, DEFAULT_READ_BATCH_SIZE, DEFAULT_MAX_BUFFERED_EVENTS_PER_LINK,
        DEFAULT_MAX_RECEIVERS_PER_PARTITION, DEFAULT_CREDENTIAL_CHECK_INTERVAL, DEFAULT_EVENT_LOOPS,
        DEFAULT_BLOCKING_THREADS, DEFAULT_CLOUD_TO_DEVICE_CREDIT, DEFAULT_FEEDBACK_POLL_INTERVAL);
  }

  private static void requirePort(String name, int value) {
    if (value < 0 || value > 65_535) {
      throw new IllegalArgumentException(name + " must be between 0 and 65535 (0 = any free port), not " + value);
    }
  }

  private static void requireAtLeast(String name, int value, int least) {
    if (value < least) {
      throw new IllegalArgumentException(name + " must be at least " + least + ", not " + value);
    }
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + value);
    }
  }
}
