package io.fleethub.testkit.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Apache Kafka broker of this JVM: a single KRaft node that is broker and controller at once, running
 * in-process on free loopback ports with its data in a temporary directory. It starts on the first
 * {@link #shared()} (1 to 4 s, mostly class loading and JIT compilation in a fresh JVM) and stops, deleting its
 * data, in a JVM shutdown hook. Tests isolate themselves by topic, not by broker: {@link #uniqueTopic} gives each
 * a name no other test uses.
 *
 * <p>A module whose tests use it declares {@code org.apache.kafka:kafka_2.13} in test scope (the testkit marks the
 * broker optional so that other modules' tests do not carry Scala and the broker).
 *
 * <p>Set up for tests, not production: plaintext, replication factor 1 everywhere, topics are never created
 * implicitly ({@code auto.create.topics.enable=false}), and time-based retention is never checked, because
 * tests write events with enqueued times fixed in the past that a real broker would delete within minutes;
 * a topic's {@code retention.ms} is stored and reported as usual. When the tests log through Logback, the
 * broker's and the Kafka clients' loggers are set to WARN.
 */
public final class EmbeddedKafkaBroker {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final int START_ATTEMPTS = 3;
  /** Far enough ahead that no test run reaches it. */
  private static final String NEVER_MS = Long.toString(Duration.ofDays(365).toMillis());

  private static EmbeddedKafkaBroker instance;

  private final KafkaRaftServer server;
  private final Path directory;
  private final int port;
  private final Duration startupTime;
  private final AtomicInteger topics = new AtomicInteger();

  private EmbeddedKafkaBroker(KafkaRaftServer server, Path directory, int port, Duration startupTime) {
    this.server = server;
    this.directory = directory;
    this.port = port;
    this.startupTime = startupTime;
  }

  /**
   * The running broker; starts it on the first call. Thread-safe. Throws {@link IllegalStateException} when it
   * cannot start (then the next call tries again).
   */
  public static synchronized EmbeddedKafkaBroker shared() {
    if (instance == null) {
      KafkaLogLevels.quietBrokerLogging();
      instance = startWithRetries();
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "embedded-kafka-stop"));
    }
    return instance;
  }

  /** {@code 127.0.0.1:PORT}, for a client's {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** How long formatting the storage and starting the broker took. */
  public Duration startupTime() {
    return startupTime;
  }

  /**
   * A legal topic name that no other call in this JVM returns: {@code prefix}, a counter and a random suffix.
   * The topic is not created.
   */
  public String uniqueTopic(String prefix) {
    return prefix + "-" + topics.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static EmbeddedKafkaBroker startWithRetries() {
    IllegalStateException failure = new IllegalStateException("could not start the embedded Kafka broker");
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return start();
      } catch (Exception e) {
        failure.addSuppressed(e);
        LOG.warn("Starting the embedded Kafka broker failed (attempt {} of {})", attempt, START_ATTEMPTS, e);
      }
    }
    throw failure;
  }

  /** Picks two free ports (a port taken in between fails the start, which is then retried). */
  private static EmbeddedKafkaBroker start() throws Exception {
    long started = System.nanoTime();
    Path directory = Files.createTempDirectory("fleethub-kafka-");
    try {
      int[] ports = freeLoopbackPorts();
      Properties config = brokerConfig(directory, ports[0], ports[1]);
      format(directory);
      KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
      try {
        server.startup();
      } catch (RuntimeException | Error e) {
        server.shutdown();
        throw e;
      }
      Duration startupTime = Duration.ofNanos(System.nanoTime() - started);
      LOG.info("Embedded Kafka broker started on 127.0.0.1:{} in {} ms", ports[0], startupTime.toMillis());
      return new EmbeddedKafkaBroker(server, directory, ports[0], startupTime);
    } catch (Exception | Error e) {
      deleteQuietly(directory);
      throw e;
    }
  }

  /** Writes {@code meta.properties} and the bootstrap metadata, as {@code kafka-storage format} does. */
  private static void format(Path directory) throws Exception {
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(NODE_ID)
        .setClusterId(Uuid.randomUuid().toString())
        .setControllerListenerName("CONTROLLER")
        .setReleaseVersion(MetadataVersion.latestProduction())
        .setHasDynamicQuorum(false)
        .setDirectories(List.of(directory.toString()))
        .run();
  }

  private static Properties brokerConfig(Path directory, int brokerPort, int controllerPort) {
    Properties config = new Properties();
    config.setProperty("node.id", Integer.toString(NODE_ID));
    config.setProperty("process.roles", "broker,controller");
    config.setProperty("listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    config.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    config.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    config.setProperty("inter.broker.listener.name", "PLAINTEXT");
    config.setProperty("controller.listener.names", "CONTROLLER");
    config.setProperty("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    config.setProperty("log.dirs", directory.toString());
    config.setProperty("auto.create.topics.enable", "false");
    config.setProperty("offsets.topic.replication.factor", "1");
    config.setProperty("offsets.topic.num.partitions", "1");
    config.setProperty("transaction.state.log.replication.factor", "1");
    config.setProperty("transaction.state.log.min.isr", "1");
    config.setProperty("share.coordinator.state.topic.replication.factor", "1");
    config.setProperty("share.coordinator.state.topic.min.isr", "1");
    config.setProperty("group.initial.rebalance.delay.ms", "0");
    config.setProperty("num.network.threads", "2");
    config.setProperty("num.io.threads", "4");
    config.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
    config.setProperty("log.initial.task.delay.ms", NEVER_MS);
    config.setProperty("log.retention.check.interval.ms", NEVER_MS);
    config.setProperty("server.max.startup.time.ms", Long.toString(Duration.ofSeconds(60).toMillis()));
    return config;
  }

  private static int[] freeLoopbackPorts() throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket broker = new ServerSocket(0, 1, loopback);
        ServerSocket controller = new ServerSocket(0, 1, loopback)) {
      return new int[] {broker.getLocalPort(), controller.getLocalPort()};
    }
  }

  private void stop() {
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      deleteQuietly(directory);
    }
  }

  private static void deleteQuietly(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Could not delete the embedded Kafka broker's directory {}", directory, e);
    }
  }
}
