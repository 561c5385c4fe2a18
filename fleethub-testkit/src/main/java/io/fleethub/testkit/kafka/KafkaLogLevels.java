package io.fleethub.testkit.kafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Turns the broker's and the Kafka clients' loggers down to WARN when SLF4J is bound to Logback; does nothing
 * otherwise. The controller's notice that it bootstraps an empty metadata log, logged as a warning on every
 * start of a fresh broker, is left out too. A test that wants them louder sets the levels back after the
 * broker started.
 */
final class KafkaLogLevels {
  private static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";

  private KafkaLogLevels() {}

  static void quietBrokerLogging() {
    Object factory = LoggerFactory.getILoggerFactory();
    if (factory.getClass().getName().equals(LOGBACK_CONTEXT)) {
      Logback.setLevels(factory);
    }
  }

  /** Loaded only when Logback is present. */
  private static final class Logback {
    private static final Map<String, Level> LEVELS = Map.of(
        "kafka", Level.WARN,
        "org.apache.kafka", Level.WARN,
        "state.change.logger", Level.WARN,
        "org.apache.kafka.controller.QuorumController", Level.ERROR);

    static void setLevels(Object loggerContext) {
      LoggerContext context = (LoggerContext) loggerContext;
      LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }
  }
}
