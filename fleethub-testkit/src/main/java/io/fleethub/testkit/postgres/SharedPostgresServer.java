package io.fleethub.testkit.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The one embedded PostgreSQL server of this JVM, started on first use and stopped when the JVM exits. */
final class SharedPostgresServer {
  private static final String SUPERUSER = "postgres";
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  private static SharedPostgresServer instance;

  private final EmbeddedPostgres postgres;
  private final AtomicInteger databases = new AtomicInteger();

  private SharedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** The running server; starts it on the first call. A failed start is retried by the next call. */
  static synchronized SharedPostgresServer get() {
    if (instance == null) {
      instance = new SharedPostgresServer(start());
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "embedded-postgres-stop"));
    }
    return instance;
  }

  EmbeddedPostgresDatabase createDatabase() {
    String name = "fleethub_test_" + databases.incrementAndGet();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name + " TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'");
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name + " on the embedded PostgreSQL", e);
    }
    String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name;
    return new EmbeddedPostgresDatabase(url, SUPERUSER, SUPERUSER);
  }

  private static EmbeddedPostgres start() {
    try {
      return EmbeddedPostgres.builder()
          .setRegisterShutdownHook(false)
          .setPGStartupWait(STARTUP_WAIT)
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .setServerConfig("max_connections", "200")
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start the embedded PostgreSQL server", e);
    }
  }

  private void stop() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop the embedded PostgreSQL server", e);
    }
  }
}
